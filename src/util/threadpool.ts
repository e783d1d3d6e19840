// Imported first by every entry point: a crawl keeps many snapshot writes (each fsynced) in
// flight at once, and libuv's default of 4 threads would make them queue behind each other.
// Must run before the thread pool's first use; an operator's own setting wins.
process.env.UV_THREADPOOL_SIZE ??= '16';
export {};
