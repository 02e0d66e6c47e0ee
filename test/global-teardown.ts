// Jest globalTeardown for the `integration` project: stops what test/global-setup.ts started.
import { stopTestComponents } from './support/components';

export default async function globalTeardown(): Promise<void> {
  await stopTestComponents();
}
