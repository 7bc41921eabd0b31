import { INCIDENT_CATEGORIES as CONTRACT_CATEGORIES } from '../../../src/contracts/incident-categories';
import { INCIDENT_CATEGORIES as DOMAIN_CATEGORIES } from '../../../src/domain/incident/incident-fields';

describe('incident categories for the UI', () => {
  it('are exactly the categories and subcategories setup creates', () => {
    expect(CONTRACT_CATEGORIES).toEqual(DOMAIN_CATEGORIES);
    expect(Object.keys(CONTRACT_CATEGORIES)).toEqual(Object.keys(DOMAIN_CATEGORIES));
  });
});
