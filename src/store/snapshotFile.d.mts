export function sha256(bytes: Buffer): string;
export function snapshotRelPath(hash: string): string;
export function writeSnapshotFile(root: string, bytes: Buffer): { sha256: string; path: string; created: boolean };
export function writeSnapshotFileAsync(root: string, bytes: Buffer, known?: (hash: string) => boolean): Promise<{ sha256: string; path: string; created: boolean }>;
