// Marks the fast loop (jest.unit.config.js): suites that need Terraform skip, saying so.
process.env.LATTICE_UNIT_LOOP = "1";
