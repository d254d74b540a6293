import { Type } from 'typebox';
import { Nullable, Timestamp } from '../schemas.js';

/** An opt-out import running in the background (POST /api/v1/opt-outs/imports answers 202 with it; GET follows it). */
const ImportJobError = Type.Object({
  row: Type.Integer({ description: 'The record\'s number in the file, the header being row 1.' }),
  line: Type.Integer({ description: 'The line of the file the record ends on.' }),
  value: Type.String({ description: 'The number as written, shortened.' }),
  error: Type.String(),
});

export const ImportJob = Type.Object({
  id: Type.String(),
  status: Type.Union([Type.Literal('running'), Type.Literal('completed'), Type.Literal('failed')], { description: 'running until every row is settled; failed says why in `failure`.' }),
  fileName: Nullable(Type.String()),
  bytes: Type.Integer(),
  processed: Type.Integer({ description: 'Data rows settled so far (imported + skipped).' }),
  imported: Type.Integer({ description: 'Numbers added to the opt-out list.' }),
  skipped: Type.Integer({ description: 'Rows with an error, numbers repeated in the file, numbers already opted out.' }),
  errorCount: Type.Integer({ description: 'Rows with an error; `errors` lists the first 100.' }),
  errors: Type.Array(ImportJobError),
  failure: Nullable(Type.String()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  finishedAt: Nullable(Timestamp),
});
