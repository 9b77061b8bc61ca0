// A request from the 检查 tab to open the editor of one person or website at one field.
export interface FocusRequest {
  index: number;
  field: string;
  sub?: string | number;
  /** Changes on every click, so locating the same field twice reopens it. */
  nonce: number;
}
