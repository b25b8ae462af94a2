/**
 * Files the user asked for are written whole or not at all: content goes to a temporary file beside the
 * target, which is fsynced and renamed over the target only when everything was written; on failure the
 * temporary file is removed and the target is left as it was.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from './errors.ts';

export class AtomicFileWriter {
  private readonly tmpPath: string;
  private fd: number;
  private buffer = '';
  private done = false;

  constructor(readonly targetPath: string) {
    const dir = path.dirname(path.resolve(targetPath));
    if (!fs.existsSync(dir)) throw new UsageError(`cannot write ${targetPath}: folder ${dir} does not exist`);
    this.tmpPath = path.join(dir, `.${path.basename(targetPath)}.${process.pid}.tmp`);
    try {
      this.fd = fs.openSync(this.tmpPath, 'w');
    } catch (error) {
      throw new UsageError(`cannot write ${targetPath}: ${(error as Error).message}`);
    }
  }

  write(text: string): void {
    this.buffer += text;
    if (this.buffer.length >= 1 << 16) this.flush();
  }

  /** Makes the file appear at its target, complete. */
  commit(): void {
    this.flush();
    fs.fsyncSync(this.fd);
    fs.closeSync(this.fd);
    fs.renameSync(this.tmpPath, this.targetPath);
    this.done = true;
  }

  /** Leaves no trace of a partial file. */
  abort(): void {
    if (this.done) return;
    this.done = true;
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed
    }
    fs.rmSync(this.tmpPath, { force: true });
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    fs.writeSync(this.fd, this.buffer);
    this.buffer = '';
  }
}

export function writeFileAtomically(targetPath: string, content: string): void {
  const writer = new AtomicFileWriter(targetPath);
  try {
    writer.write(content);
    writer.commit();
  } finally {
    writer.abort();
  }
}
