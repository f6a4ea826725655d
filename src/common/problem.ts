// One thing wrong with an input, as the server reports it and the web UI shows it: located as
// precisely as we can (file, line, column, field). The error classes are in server/platform.

export interface Problem {
  severity: 'error' | 'warning';
  message: string;
  file?: string;
  /** 0-based index of the YAML document inside a multi-document file. */
  doc?: number;
  /** 1-based line and column of the field (or of the document) in the file, when known. */
  line?: number;
  column?: number;
  /** Path of the field at fault, e.g. `spec.owner`, `requirements[2].weight`, `metadata.annotations["tally.dev/tier"]`. */
  field?: string;
}
