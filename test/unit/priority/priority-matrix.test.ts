import { PRIORITY_LEVELS, raiseLevel } from '../../../src/domain/priority/priority-level';
import {
  DEFAULT_MATRIX_LEVELS,
  PriorityMatrixSchema,
  defaultMatrix,
  matrixLevel,
  withCell,
} from '../../../src/domain/priority/priority-matrix';

describe('default ITIL 3×3 matrix', () => {
  const matrix = defaultMatrix();
  // The issue's table, cell by cell.
  const expected: [string, string, string][] = [
    ['High', 'High', 'P1'],
    ['High', 'Medium', 'P2'],
    ['Medium', 'High', 'P2'],
    ['High', 'Low', 'P3'],
    ['Medium', 'Medium', 'P3'],
    ['Low', 'High', 'P3'],
    ['Medium', 'Low', 'P4'],
    ['Low', 'Medium', 'P4'],
    ['Low', 'Low', 'P5'],
  ];

  it.each(expected)('impact %s × urgency %s → %s', (impact, urgency, level) => {
    expect(matrixLevel(matrix, impact, urgency)).toEqual({ ok: true, value: level });
  });

  it('has exactly the nine cells of the table', () => {
    expect(Object.keys(matrix.cells)).toEqual(['High', 'Medium', 'Low']);
    const cellCount = Object.values(matrix.cells).reduce((sum, row) => sum + Object.keys(row).length, 0);
    expect(cellCount).toBe(9);
  });

  it('passes its own validation', () => {
    expect(PriorityMatrixSchema.safeParse(matrix).success).toBe(true);
  });
});

describe.each([{ size: 4 }, { size: 5 }] as const)('default $size×$size matrix', ({ size }) => {
  const matrix = defaultMatrix(size);
  const levels = DEFAULT_MATRIX_LEVELS[size];

  it('validates and uses the catalog level names', () => {
    expect(PriorityMatrixSchema.safeParse(matrix).success).toBe(true);
    expect(matrix.impactLevels).toEqual([...levels]);
    expect(matrix.urgencyLevels).toEqual([...levels]);
  });

  it('puts the most severe corner at P1 and the least at P5', () => {
    const first = levels[0] as string;
    const last = levels[size - 1] as string;
    expect(matrixLevel(matrix, first, first)).toEqual({ ok: true, value: 'P1' });
    expect(matrixLevel(matrix, last, last)).toEqual({ ok: true, value: 'P5' });
  });

  it('is symmetric and never gets more urgent as impact or urgency drop', () => {
    levels.forEach((impact, i) => {
      levels.forEach((urgency, u) => {
        const here = matrix.cells[impact]?.[urgency] as string;
        expect(matrix.cells[urgency]?.[impact]).toBe(here);
        const lessUrgent = levels[u + 1];
        if (lessUrgent !== undefined) expect((matrix.cells[impact]?.[lessUrgent] as string) >= here).toBe(true);
        const lessImpact = levels[i + 1];
        if (lessImpact !== undefined) expect((matrix.cells[lessImpact]?.[urgency] as string) >= here).toBe(true);
      });
    });
  });

  it('follows the documented rule 1 + round(4 × (i + u) / (2 × (size − 1)))', () => {
    levels.forEach((impact, i) => {
      levels.forEach((urgency, u) => {
        expect(matrix.cells[impact]?.[urgency]).toBe(`P${1 + Math.round((4 * (i + u)) / (2 * (size - 1)))}`);
      });
    });
  });

  it('uses every level P1..P5', () => {
    const used = new Set(Object.values(matrix.cells).flatMap((row) => Object.values(row)));
    expect([...used].sort()).toEqual([...PRIORITY_LEVELS]);
  });
});

describe('matrix lookup errors', () => {
  const matrix = defaultMatrix();

  it('names impact for an unknown impact level', () => {
    const result = matrixLevel(matrix, 'Catastrophic', 'High');
    expect(result).toEqual({
      ok: false,
      problem: { field: 'impact', message: expect.stringContaining('unknown impact level "Catastrophic"') },
    });
  });

  it('names urgency for an unknown urgency level', () => {
    expect(matrixLevel(matrix, 'High', 'Critical')).toMatchObject({ ok: false, problem: { field: 'urgency' } });
  });

  it('names the field that is not set', () => {
    expect(matrixLevel(matrix, null, 'High')).toMatchObject({
      ok: false,
      problem: { field: 'impact', message: expect.stringContaining('not set') },
    });
    expect(matrixLevel(matrix, 'High', ' ')).toMatchObject({ ok: false, problem: { field: 'urgency' } });
  });

  it('treats level names as exact (a 4×4 name is unknown on a 3×3)', () => {
    expect(matrixLevel(matrix, 'Critical', 'High')).toMatchObject({ ok: false, problem: { field: 'impact' } });
  });
});

describe('editing cells', () => {
  it('changes one cell and nothing else', () => {
    const edited = withCell(defaultMatrix(), 'Low', 'Low', 'P4');
    expect(matrixLevel(edited, 'Low', 'Low')).toEqual({ ok: true, value: 'P4' });
    expect(matrixLevel(edited, 'Low', 'Medium')).toEqual({ ok: true, value: 'P4' });
    expect(matrixLevel(defaultMatrix(), 'Low', 'Low')).toEqual({ ok: true, value: 'P5' });
    expect(PriorityMatrixSchema.safeParse(edited).success).toBe(true);
  });

  function firstIssue(value: unknown): { path: string; message: string } {
    const result = PriorityMatrixSchema.safeParse(value);
    if (result.success) throw new Error('expected the matrix to be refused');
    const issue = result.error.issues[0];
    return { path: (issue?.path ?? []).map(String).join('.'), message: issue?.message ?? '' };
  }

  it('refuses a matrix missing a cell, naming the cell', () => {
    const matrix = defaultMatrix();
    const { Low: _dropped, ...rest } = matrix.cells.Medium ?? {};
    expect(firstIssue({ ...matrix, cells: { ...matrix.cells, Medium: rest } })).toEqual({
      path: 'cells.Medium.Low',
      message: expect.stringContaining('missing cell'),
    });
  });

  it('refuses a matrix missing a whole row', () => {
    const matrix = defaultMatrix();
    const { High: _dropped, ...rest } = matrix.cells;
    expect(firstIssue({ ...matrix, cells: rest }).path).toBe('cells.High');
  });

  it('refuses a cell that is not P1..P5', () => {
    const matrix = defaultMatrix();
    expect(firstIssue({ ...matrix, cells: { ...matrix.cells, High: { ...matrix.cells.High, Low: 'P6' } } }).path).toBe('cells.High.Low');
  });

  it('refuses cells for levels the matrix does not list', () => {
    const matrix = defaultMatrix();
    expect(firstIssue(withCell(matrix, 'High', 'Critical', 'P1'))).toEqual({
      path: 'cells.High.Critical',
      message: expect.stringContaining('unknown urgency level'),
    });
    expect(firstIssue(withCell(matrix, 'Critical', 'High', 'P1')).path).toBe('cells.Critical');
  });

  it('refuses level lists that disagree with the size or repeat a name', () => {
    expect(firstIssue({ ...defaultMatrix(), size: 4 }).path).toBe('impactLevels');
    expect(firstIssue({ ...defaultMatrix(), urgencyLevels: ['High', 'High', 'Low'] }).path).toBe('urgencyLevels');
    expect(firstIssue({ ...defaultMatrix(), size: 6 }).path).toBe('size');
  });
});

describe('raiseLevel', () => {
  it('moves towards P1 and stops there', () => {
    expect(raiseLevel('P3', 1)).toBe('P2');
    expect(raiseLevel('P3', 2)).toBe('P1');
    expect(raiseLevel('P2', 3)).toBe('P1');
    expect(raiseLevel('P4', 0)).toBe('P4');
    expect(raiseLevel('P4', -2)).toBe('P4');
  });
});
