import fc from 'fast-check';

// CI pins fast-check's seed so every run is reproducible (FC_SEED overrides it);
// local runs explore new random seeds each time.
const seed = process.env.FC_SEED ?? (process.env.CI === undefined ? undefined : '20201127');
if (seed !== undefined) fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: Number(seed) });
