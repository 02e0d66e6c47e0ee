// @waymark/annual-return: the annual Part 4 return (s.59) as Waymark keeps it: the department's template
// version by version, each year's return with every figure's provenance and the template's checks, the
// providers' requests that feed it, and its sign-off: approval, frozen versions, amendments and the
// submission to the department.
export * from './annual-return.module';
export * from './annual-reports.service';
export * from './annual-returns.service';
export * from './cell-references';
export * from './provider-chase';
export * from './provider-form';
export * from './provider-requests';
export * from './return-collection';
export * from './return-content';
export * from './return-sign-off';
export * from './return-state';
export * from './return-templates.service';
