// Marks the fast loop (jest.unit.config.js): suites that need Terraform skip, saying so, and
// property tests run a quarter of their cases unless FC_NUM_RUNS says otherwise.
process.env.LATTICE_UNIT_LOOP = "1";
process.env.FC_NUM_RUNS ??= "0.25";
