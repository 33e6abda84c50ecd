/** File writing the processor's outputs share. */
import * as fs from 'fs';

/** Write then rename: a reader never sees half a file. */
export function writeAtomically(file: string, content: string): void {
  const temporary = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(temporary, content);
  fs.renameSync(temporary, file);
}
