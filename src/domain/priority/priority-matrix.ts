import { z } from 'zod';
import { PriorityLevel, type PriorityOutcome, problemOf } from './priority-level';

/**
 * Impact × urgency → priority level. Levels are listed most severe first; `cells[impact][urgency]`
 * holds the level. Level names are the option names of the site's Impact and Urgency fields, so an
 * admin who renames an option renames it here too.
 */
export const MATRIX_SIZES = [3, 4, 5] as const;
export type MatrixSize = (typeof MATRIX_SIZES)[number];

export interface PriorityMatrix {
  size: MatrixSize;
  impactLevels: string[];
  urgencyLevels: string[];
  cells: Record<string, Record<string, PriorityLevel>>;
}

/** Most severe first; the 3×3 names are the ITIL ones, larger matrices add Critical and Minimal (the field catalog's options). */
export const DEFAULT_MATRIX_LEVELS: Readonly<Record<MatrixSize, readonly string[]>> = {
  3: ['High', 'Medium', 'Low'],
  4: ['Critical', 'High', 'Medium', 'Low'],
  5: ['Critical', 'High', 'Medium', 'Low', 'Minimal'],
};

/**
 * Default cells, rows = impact, columns = urgency, most severe first. The 3×3 is the ITIL table
 * (level = 1 + impact index + urgency index). The 4×4 and 5×5 spread the same diagonal bands over
 * five levels: level = 1 + round(4 × (i + u) / (2 × (size − 1))), written out so an admin can read them.
 */
const DEFAULT_CELLS: Readonly<Record<MatrixSize, readonly (readonly PriorityLevel[])[]>> = {
  3: [
    ['P1', 'P2', 'P3'],
    ['P2', 'P3', 'P4'],
    ['P3', 'P4', 'P5'],
  ],
  4: [
    ['P1', 'P2', 'P2', 'P3'],
    ['P2', 'P2', 'P3', 'P4'],
    ['P2', 'P3', 'P4', 'P4'],
    ['P3', 'P4', 'P4', 'P5'],
  ],
  5: [
    ['P1', 'P2', 'P2', 'P3', 'P3'],
    ['P2', 'P2', 'P3', 'P3', 'P4'],
    ['P2', 'P3', 'P3', 'P4', 'P4'],
    ['P3', 'P3', 'P4', 'P4', 'P5'],
    ['P3', 'P4', 'P4', 'P5', 'P5'],
  ],
};

export function defaultMatrix(size: MatrixSize = 3): PriorityMatrix {
  const levels = [...DEFAULT_MATRIX_LEVELS[size]];
  const cells: Record<string, Record<string, PriorityLevel>> = {};
  levels.forEach((impact, i) => {
    const row: Record<string, PriorityLevel> = {};
    levels.forEach((urgency, u) => {
      const level = DEFAULT_CELLS[size][i]?.[u];
      if (level === undefined) throw new Error(`default ${size}×${size} matrix has no cell ${impact}/${urgency}`);
      row[urgency] = level;
    });
    cells[impact] = row;
  });
  return { size, impactLevels: levels, urgencyLevels: [...levels], cells };
}

const LevelNames = z
  .array(z.string().trim().min(1, 'expected a non-empty level name').max(100, 'expected at most 100 characters'))
  .refine((names) => new Set(names).size === names.length, { message: 'expected distinct level names' });

/**
 * Validates a matrix an admin edited: sizes agree, every impact × urgency cell is present and holds
 * P1..P5, and no cell names a level that is not in the lists. Errors name the cell (`cells.High.Low`).
 */
export const PriorityMatrixSchema = z
  .object({
    size: z.union([z.literal(3), z.literal(4), z.literal(5)], { error: 'expected 3, 4 or 5' }),
    impactLevels: LevelNames,
    urgencyLevels: LevelNames,
    cells: z.record(z.string(), z.record(z.string(), PriorityLevel)),
  })
  .superRefine((matrix, ctx) => {
    for (const axis of ['impactLevels', 'urgencyLevels'] as const) {
      if (matrix[axis].length !== matrix.size) {
        ctx.addIssue({
          code: 'custom',
          path: [axis],
          message: `expected ${matrix.size} levels for a ${matrix.size}×${matrix.size} matrix, got ${matrix[axis].length}`,
        });
      }
    }
    for (const impact of matrix.impactLevels) {
      const row = matrix.cells[impact];
      if (row === undefined) {
        ctx.addIssue({ code: 'custom', path: ['cells', impact], message: `missing row for impact "${impact}"` });
        continue;
      }
      for (const urgency of matrix.urgencyLevels) {
        if (row[urgency] === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['cells', impact, urgency],
            message: `missing cell for impact "${impact}" × urgency "${urgency}": expected P1..P5`,
          });
        }
      }
      for (const urgency of Object.keys(row)) {
        if (!matrix.urgencyLevels.includes(urgency)) {
          ctx.addIssue({
            code: 'custom',
            path: ['cells', impact, urgency],
            message: `unknown urgency level "${urgency}": expected one of ${matrix.urgencyLevels.join(', ')}`,
          });
        }
      }
    }
    for (const impact of Object.keys(matrix.cells)) {
      if (!matrix.impactLevels.includes(impact)) {
        ctx.addIssue({
          code: 'custom',
          path: ['cells', impact],
          message: `unknown impact level "${impact}": expected one of ${matrix.impactLevels.join(', ')}`,
        });
      }
    }
  });

/**
 * A value of the Impact or Urgency field that is no level of the matrix in force (an option left
 * over from a larger matrix, or one an admin added): says what the person can do now, and what
 * an admin can change so the value counts.
 */
export function unknownLevelMessage(axis: 'impact' | 'urgency', value: string, matrix: PriorityMatrix): string {
  const levels = axis === 'impact' ? matrix.impactLevels : matrix.urgencyLevels;
  const field = axis === 'impact' ? 'Impact' : 'Urgency';
  const sizes = MATRIX_SIZES.filter((size) => size !== matrix.size && DEFAULT_MATRIX_LEVELS[size].includes(value));
  const admin =
    sizes.length > 0
      ? `or ask a Jira admin to switch to the ${sizes.map((size) => `${size}×${size}`).join(' or ')} matrix on the Incident response ` +
        `admin page`
      : `or ask a Jira admin to disable the option "${value}" of the ${field} field (running the Incident setup does it)`;
  return (
    `unknown ${axis} level "${value}": the ${matrix.size}×${matrix.size} priority matrix has ${levels.join(', ')}. Choose one of ` +
    `them, ${admin}.`
  );
}

/** The matrix level for one assessment. Unknown or missing levels are named by field (`impact`, `urgency`). */
export function matrixLevel(matrix: PriorityMatrix, impact: string | null, urgency: string | null): PriorityOutcome<PriorityLevel> {
  if (impact === null || impact.trim() === '')
    return problemOf('impact', `impact is not set: expected one of ${matrix.impactLevels.join(', ')}`);
  if (!matrix.impactLevels.includes(impact)) return problemOf('impact', unknownLevelMessage('impact', impact, matrix));
  if (urgency === null || urgency.trim() === '')
    return problemOf('urgency', `urgency is not set: expected one of ${matrix.urgencyLevels.join(', ')}`);
  if (!matrix.urgencyLevels.includes(urgency)) return problemOf('urgency', unknownLevelMessage('urgency', urgency, matrix));
  const level = matrix.cells[impact]?.[urgency];
  if (level === undefined)
    return problemOf(`matrix.cells.${impact}.${urgency}`, `the priority matrix has no cell for impact "${impact}" × urgency "${urgency}"`);
  return { ok: true, value: level };
}

/** Returns a copy with one cell changed; the caller validates the result with PriorityMatrixSchema. */
export function withCell(matrix: PriorityMatrix, impact: string, urgency: string, level: PriorityLevel): PriorityMatrix {
  return { ...matrix, cells: { ...matrix.cells, [impact]: { ...matrix.cells[impact], [urgency]: level } } };
}
