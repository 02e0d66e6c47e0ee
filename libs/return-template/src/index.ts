// @waymark/return-template: the annual Part 4 return to the department as data, pure and Nest-free:
// versioned templates (zod), answers, and rules evaluated by a restricted math.js instance.
export * from './answers';
export * from './default-template';
export * from './expression';
export * from './provider-answers';
export * from './rules';
export * from './template';
