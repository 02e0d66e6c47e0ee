// @waymark/annual-return: the annual Part 4 return (s.59) as Waymark keeps it: the department's template
// version by version, and each year's return with every figure's provenance and the template's checks.
export * from './annual-return.module';
export * from './annual-reports.service';
export * from './annual-returns.service';
export * from './return-templates.service';
