// Collects findings of one check and prints them; a check fails when it recorded at least one error.
export class Report {
  constructor(name) {
    this.name = name;
    this.errors = [];
    this.checks = 0;
  }

  /** Records one check: `ok` true passes, anything else is an error described by `message`. */
  expect(ok, message) {
    this.checks++;
    if (!ok) this.errors.push(message);
    return ok;
  }

  error(message) {
    this.checks++;
    this.errors.push(message);
  }

  print() {
    if (this.errors.length === 0) {
      console.log(`ok   ${this.name} (${this.checks} checks)`);
    } else {
      console.log(`FAIL ${this.name} (${this.errors.length} of ${this.checks} checks failed)`);
      for (const e of this.errors) console.log(`       - ${e}`);
    }
    return this.errors.length === 0;
  }
}
