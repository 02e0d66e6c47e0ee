// @waymark/safe-accommodation: the register of commissioned safe-accommodation services, whose providers
// send the figures of the annual Part 4 return.
export * from './safe-accommodation.module';
export * from './safe-accommodation.service';
