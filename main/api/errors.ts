// The wire format of a failure: what crosses the API boundary for a DeskError (main/domain/errors.ts).
import type { EditConflict } from '../domain/editConflict';
import type { DeskError, ErrorCode, FieldIssue } from '../domain/errors';

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: FieldIssue[];
  /** EDIT_CONFLICT: the fields someone else changed, who and when (domain/editConflict.ts). */
  conflict?: EditConflict;
}

export function errorBody(err: DeskError): ErrorBody {
  const body: ErrorBody = err.details ? { code: err.code, message: err.message, details: err.details } : { code: err.code, message: err.message };
  return err.conflict ? { ...body, conflict: err.conflict } : body;
}
