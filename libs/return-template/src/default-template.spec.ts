import template2025 from '../templates/2025-26.json';
import { defaultReturnTemplate } from './default-template';
import { allQuestions, returnTemplateSchema } from './template';

describe('the default template for 2025-26', () => {
  it('validates against the template schema', () => {
    const result = returnTemplateSchema.safeParse(template2025);
    expect(result.success ? [] : result.error.issues).toEqual([]);
  });

  it('has the nine sections of the form, each on a sheet of its own', () => {
    const template = defaultReturnTemplate();
    expect(template.financialYear).toBe('2025-26');
    expect(template.sections.map((s) => s.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(new Set(template.sections.map((s) => s.sheetName)).size).toBe(9);
  });

  it('confirms questions only in sections 1, 4, 5 and 6, whose measures the releases show', () => {
    const template = defaultReturnTemplate();
    const confirmedIn = new Set(
      allQuestions(template)
        .filter(({ question }) => question.confidence === 'confirmed')
        .map(({ path }) => template.sections[path[1] as number].number),
    );
    expect([...confirmedIn]).toEqual([1, 4, 5, 6]);
  });
});
