import { INCIDENT_ROLE_FIELDS, USER_PICKER_FIELD_TYPE } from '../../../src/domain/communication/incident-roles';
import {
  CAUSES_LINK_TYPE,
  levelOptionChanges,
  planIncidentSetup,
  wantedOptions,
  type SiteConfiguration,
  type SiteField,
  type SiteProject,
} from '../../../src/domain/setup/incident-setup-plan';
import { INCIDENT_FIELDS, JIRA_CUSTOM_FIELD_TYPES, incidentFieldDefinition } from '../../../src/domain/incident/incident-fields';
import { defaultMatrix } from '../../../src/domain/priority/priority-matrix';

const EMPTY_SITE: SiteConfiguration = {
  issueTypes: [
    { id: '10001', name: 'Task', subtask: false, projectScoped: false },
    { id: '10002', name: 'Sub-task', subtask: true, projectScoped: false },
  ],
  fields: [{ id: 'summary', name: 'Summary', customType: undefined, context: null }],
  linkTypes: [{ id: '1', name: 'Blocks', inward: 'is blocked by', outward: 'blocks' }],
  projects: [],
};

/** A site after a complete setup, derived from the catalog so it follows catalog changes. */
function aFullySetUpSite(projects: SiteProject[] = []): SiteConfiguration {
  const fields: SiteField[] = INCIDENT_FIELDS.map((definition, index) => ({
    id: `customfield_${10050 + index}`,
    name: definition.name,
    customType: JIRA_CUSTOM_FIELD_TYPES[definition.type].type,
    context: { id: `ctx-${index}`, options: wantedOptions(definition) },
  }));
  const roleFields: SiteField[] = INCIDENT_ROLE_FIELDS.map((role, index) => ({
    id: `customfield_${10090 + index}`,
    name: role.name,
    customType: USER_PICKER_FIELD_TYPE.type,
    context: { id: `ctx-role-${index}`, options: [] },
  }));
  fields.push(...roleFields);
  return {
    issueTypes: [
      ...EMPTY_SITE.issueTypes,
      { id: '10010', name: 'Incident', subtask: false, projectScoped: false },
      { id: '10011', name: 'Problem', subtask: false, projectScoped: false },
    ],
    fields: [...EMPTY_SITE.fields, ...fields],
    linkTypes: [...EMPTY_SITE.linkTypes, { id: '2', ...CAUSES_LINK_TYPE }],
    projects,
  };
}

const companyProject = (key: string, schemeId: string, issueTypeIds: string[], isDefault = false): SiteProject => ({
  id: `p-${key}`,
  key,
  name: key,
  teamManaged: false,
  scheme: { id: schemeId, name: `${schemeId} scheme`, isDefault, issueTypeIds },
});

describe('planIncidentSetup', () => {
  it('on an empty site, creates both issue types, every field with its options, and the link type', () => {
    const plan = planIncidentSetup(EMPTY_SITE);
    const kinds = plan.steps.map((step) => `${step.kind}:${'name' in step ? step.name : 'fieldName' in step ? step.fieldName : ''}`);
    expect(kinds.filter((kind) => kind.startsWith('createIssueType'))).toEqual(['createIssueType:Incident', 'createIssueType:Problem']);
    expect(plan.steps.filter((step) => step.kind === 'createField')).toHaveLength(INCIDENT_FIELDS.length);
    const optionSteps = plan.steps.filter((step) => step.kind === 'addFieldOptions');
    expect(optionSteps.map((step) => step.fieldKey).sort()).toEqual([
      'businessImplications',
      'category',
      'detectionSource',
      'escalationTier',
      'impact',
      'urgency',
    ]);
    expect(plan.steps.filter((step) => step.kind === 'createLinkType')).toEqual([
      expect.objectContaining({ name: 'Causes', outward: 'causes', inward: 'is caused by' }),
    ]);
    expect(plan.existing).toEqual([]);
    expect(plan.skipped).toEqual([]);
  });

  it('orders each field before its options and cascading parents before their children', () => {
    const plan = planIncidentSetup(EMPTY_SITE);
    const ids = plan.steps.map((step) => step.id);
    expect(ids.indexOf('field:category')).toBeLessThan(ids.indexOf('fieldOptions:category'));
    const category = plan.steps.find((step) => step.id === 'fieldOptions:category');
    if (category?.kind !== 'addFieldOptions') throw new Error('expected category options');
    const firstChild = category.options.findIndex((option) => option.parentValue !== undefined);
    expect(category.options.slice(0, firstChild).map((option) => option.value)).toEqual(
      Object.keys(incidentFieldDefinition('category').cascadingOptions ?? {}),
    );
    expect(category.options.slice(firstChild).every((option) => option.parentValue !== undefined)).toBe(true);
  });

  it('plans nothing on a fully set-up site', () => {
    const plan = planIncidentSetup(aFullySetUpSite([companyProject('INC', '20', ['10001', '10010', '10011'])]));
    expect(plan.steps).toEqual([]);
    expect(plan.existing.map((item) => item.id)).toEqual(
      expect.arrayContaining([
        'issueType:incident',
        'issueType:problem',
        'field:impact',
        'fieldOptions:impact',
        'linkType:causes',
        'scheme:20',
      ]),
    );
  });

  it('adds only the missing options, matching names case-insensitively and cascading children by parent', () => {
    const site = aFullySetUpSite();
    const fields = site.fields.map((field) => {
      if (field.name === 'Impact') return { ...field, context: { id: 'c', options: [{ value: 'critical' }, { value: 'High' }] } };
      if (field.name === 'Incident category') {
        // "Outage" under Network is not "Outage" under Application.
        return {
          ...field,
          context: { id: 'c', options: [{ value: 'Application' }, { value: 'Network' }, { value: 'Outage', parentValue: 'Network' }] },
        };
      }
      return field;
    });
    const plan = planIncidentSetup({ ...site, fields });
    const impact = plan.steps.find((step) => step.id === 'fieldOptions:impact');
    expect(impact).toMatchObject({ kind: 'addFieldOptions', options: [{ value: 'Medium' }, { value: 'Low' }] });
    const category = plan.steps.find((step) => step.id === 'fieldOptions:category');
    if (category?.kind !== 'addFieldOptions') throw new Error('expected category options');
    expect(category.options).toContainEqual({ value: 'Outage', parentValue: 'Application' });
    expect(category.options).toContainEqual({ value: 'Infrastructure' });
    expect(category.options).not.toContainEqual({ value: 'Application' });
    // "critical" is no level of the default 3×3 matrix: it is disabled, not left to choose.
    expect(plan.steps.map((step) => step.id)).toEqual(['fieldOptions:impact', 'fieldOptionsEnabled:impact', 'fieldOptions:category']);
  });

  it('gives a select field without a context its options, and a plain field a global context', () => {
    const site = aFullySetUpSite();
    const fields = site.fields.map((field) =>
      field.name === 'Urgency' || field.name === 'Root cause' ? { ...field, context: null } : field,
    );
    const plan = planIncidentSetup({ ...site, fields });
    expect(plan.steps.map((step) => [step.kind, step.id])).toEqual([
      ['addFieldOptions', 'fieldOptions:urgency'],
      ['createFieldContext', 'fieldContext:rootCause'],
    ]);
  });

  it('does not create a field whose name is taken by a field of another type, and says why', () => {
    const site = aFullySetUpSite();
    const fields = site.fields.map((field) =>
      field.name === 'Impact' ? { ...field, customType: JIRA_CUSTOM_FIELD_TYPES.textfield.type } : field,
    );
    const plan = planIncidentSetup({ ...site, fields });
    expect(plan.steps).toEqual([]);
    expect(plan.skipped).toEqual([expect.objectContaining({ id: 'field:impact', reason: expect.stringContaining('of another type') })]);
  });

  it('accepts any "causes / is caused by" link type, and refuses a "Causes" that reads otherwise', () => {
    const jsm = planIncidentSetup({
      ...aFullySetUpSite(),
      linkTypes: [{ id: '9', name: 'Problem/Incident', outward: 'Causes', inward: 'is caused by' }],
    });
    expect(jsm.steps).toEqual([]);
    expect(jsm.existing).toContainEqual(
      expect.objectContaining({ id: 'linkType:causes', label: expect.stringContaining('Problem/Incident') }),
    );

    const clash = planIncidentSetup({
      ...aFullySetUpSite(),
      linkTypes: [{ id: '9', name: 'Causes', outward: 'triggers', inward: 'is triggered by' }],
    });
    expect(clash.steps).toEqual([]);
    expect(clash.skipped).toContainEqual(expect.objectContaining({ id: 'linkType:causes' }));
  });

  it('ignores a team-managed project\'s own "Incident" type and a sub-task named Problem', () => {
    const site: SiteConfiguration = {
      ...EMPTY_SITE,
      issueTypes: [
        ...EMPTY_SITE.issueTypes,
        { id: '30', name: 'Incident', subtask: false, projectScoped: true },
        { id: '31', name: 'Problem', subtask: true, projectScoped: false },
      ],
    };
    const plan = planIncidentSetup(site);
    expect(plan.steps.filter((step) => step.kind === 'createIssueType').map((step) => step.id)).toEqual([
      'issueType:incident',
      'issueType:problem',
    ]);
  });

  it('adds the missing types once per scheme shared by the picked projects', () => {
    const site = aFullySetUpSite([
      companyProject('OPS', '20', ['10001', '10010']),
      companyProject('NET', '20', ['10001', '10010']),
      companyProject('SEC', '21', ['10001', '10010', '10011']),
    ]);
    const plan = planIncidentSetup(site);
    expect(plan.steps).toEqual([
      expect.objectContaining({ kind: 'addIssueTypesToScheme', schemeId: '20', projectKeys: ['OPS', 'NET'], issueTypeNames: ['Problem'] }),
    ]);
    expect(plan.existing).toContainEqual(expect.objectContaining({ id: 'scheme:21' }));
  });

  it('adds types that setup is about to create, and leaves the default scheme to Jira', () => {
    const plan = planIncidentSetup({
      ...EMPTY_SITE,
      projects: [companyProject('OPS', '20', ['10001']), companyProject('DEF', '10000', ['10001'], true)],
    });
    expect(plan.steps.filter((step) => step.kind === 'addIssueTypesToScheme')).toEqual([
      expect.objectContaining({ schemeId: '20', issueTypeNames: ['Incident', 'Problem'] }),
    ]);
    expect(plan.existing).toContainEqual(expect.objectContaining({ id: 'scheme:10000' }));
  });

  it('skips team-managed and unknown projects with a reason', () => {
    const teamManaged: SiteProject = { id: 'p-TM', key: 'TM', name: 'TM', teamManaged: true, scheme: null };
    const plan = planIncidentSetup({ ...aFullySetUpSite([teamManaged]), unknownProjectKeys: ['NOPE'] });
    expect(plan.steps).toEqual([]);
    expect(plan.skipped.map((item) => item.id).sort()).toEqual(['project:NOPE', 'project:TM']);
  });

  it('adds the Incident manager and Communications manager user pickers once, and leaves a same-named field of another type alone', () => {
    const empty = planIncidentSetup(EMPTY_SITE);
    expect(empty.steps.filter((step) => step.kind === 'createRoleField').map((step) => [step.id, 'type' in step ? step.type : ''])).toEqual(
      [
        ['roleField:incidentManager', USER_PICKER_FIELD_TYPE.type],
        ['roleField:communicationsManager', USER_PICKER_FIELD_TYPE.type],
      ],
    );
    const full = planIncidentSetup(aFullySetUpSite());
    expect(full.existing.map((item) => item.id)).toEqual(
      expect.arrayContaining(['roleField:incidentManager', 'roleField:communicationsManager']),
    );
    const clash = planIncidentSetup({
      ...EMPTY_SITE,
      fields: [
        ...EMPTY_SITE.fields,
        {
          id: 'customfield_20000',
          name: 'incident manager',
          customType: 'com.atlassian.jira.plugin.system.customfieldtypes:textfield',
          context: null,
        },
      ],
    });
    expect(clash.steps.map((step) => step.id)).not.toContain('roleField:incidentManager');
    expect(clash.skipped).toEqual([
      expect.objectContaining({ id: 'roleField:incidentManager', reason: expect.stringContaining('rename it') }),
    ]);
  });
});

describe('Impact and Urgency options follow the priority matrix', () => {
  const levelsOf = (size: 3 | 4 | 5) => {
    const matrix = defaultMatrix(size);
    return { impact: matrix.impactLevels, urgency: matrix.urgencyLevels, size };
  };
  const withLevelOptions = (site: SiteConfiguration, options: { value: string; disabled?: boolean }[]): SiteConfiguration => ({
    ...site,
    fields: site.fields.map((field) =>
      field.name === 'Impact' || field.name === 'Urgency' ? { ...field, context: { id: 'c', options } } : field,
    ),
  });

  it('gives new Impact and Urgency fields exactly the levels of the matrix in force', () => {
    const byDefault = planIncidentSetup(EMPTY_SITE).steps.find((step) => step.id === 'fieldOptions:impact');
    expect(byDefault).toMatchObject({ options: [{ value: 'High' }, { value: 'Medium' }, { value: 'Low' }] });
    const fiveByFive = planIncidentSetup({ ...EMPTY_SITE, matrixLevels: levelsOf(5) }).steps.find(
      (step) => step.id === 'fieldOptions:urgency',
    );
    expect(fiveByFive).toMatchObject({ options: ['Critical', 'High', 'Medium', 'Low', 'Minimal'].map((value) => ({ value })) });
  });

  it('adds, enables and disables options so that only the 4×4 levels can be chosen', () => {
    const site = withLevelOptions({ ...aFullySetUpSite(), matrixLevels: levelsOf(4) }, [
      { value: 'High' },
      { value: 'Medium' },
      { value: 'Low' },
      { value: 'Minimal' },
      { value: 'critical', disabled: true },
    ]);
    const plan = planIncidentSetup(site);
    expect(plan.steps).toContainEqual(
      expect.objectContaining({
        id: 'fieldOptionsEnabled:impact',
        kind: 'setFieldOptionsEnabled',
        enable: ['critical'],
        disable: ['Minimal'],
        label: expect.stringContaining('4×4'),
      }),
    );
    expect(plan.steps.filter((step) => step.kind === 'addFieldOptions')).toEqual([]);
  });

  it('leaves options alone when they already are the levels, and disabled extras count as done', () => {
    const plan = planIncidentSetup(
      withLevelOptions(aFullySetUpSite(), [
        { value: 'Critical', disabled: true },
        { value: 'High' },
        { value: 'Medium' },
        { value: 'Low' },
      ]),
    );
    expect(plan.steps).toEqual([]);
    expect(plan.existing).toContainEqual({ id: 'fieldOptions:impact', label: expect.stringContaining('3×3') });
  });

  it('only adds missing options when the stored settings are unreadable (matrixLevels null)', () => {
    const plan = planIncidentSetup(
      withLevelOptions({ ...aFullySetUpSite(), matrixLevels: null }, [{ value: 'Critical' }, { value: 'High' }]),
    );
    expect(plan.steps.map((step) => step.kind)).toEqual(['addFieldOptions', 'addFieldOptions']);
  });

  it('levelOptionChanges ignores cascading children and matches names case-insensitively', () => {
    expect(levelOptionChanges([{ value: 'HIGH' }, { value: 'Low', parentValue: 'High' }], ['High', 'Low'])).toEqual({
      add: ['Low'],
      enable: [],
      disable: [],
    });
  });
});

describe('closure groups in the setup plan', () => {
  const site = (existing: string[]): SiteConfiguration => ({
    ...aFullySetUpSite(),
    closureGroups: { configured: ['jira-servicemanagement-users', 'site-admins'], existing },
  });

  it('lists the groups as there when the site has them all', () => {
    expect(planIncidentSetup(site(['site-admins', 'JIRA-servicemanagement-users'])).existing).toContainEqual({
      id: 'closureGroups',
      label: 'Groups allowed to close incidents: jira-servicemanagement-users, site-admins',
    });
  });

  it('says which groups are missing, who can still close, and where to choose another group', () => {
    const [partly] = planIncidentSetup(site(['site-admins'])).skipped;
    expect(partly?.reason).toBe(
      'This site has no group named "jira-servicemanagement-users", so only members of "site-admins" can close incidents. Choose your service desk group on this page under Workflow validators, Closure, "Groups allowed to close incidents".',
    );
    expect(planIncidentSetup(site([])).skipped[0]?.reason).toContain(
      'no group named "jira-servicemanagement-users" or "site-admins", so nobody can close an incident',
    );
  });
});
