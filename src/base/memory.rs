//! Memory handed back between the rebuilds of a long `kis-book serve`, and
//! the figures the benches read.
//!
//! glibc's allocator gives each thread that allocates an arena of its own
//! (the site is prepared on a second thread while Typst lays out on its
//! pool) and keeps the pages freed in them for later. Over hundreds of
//! rebuilds that grows the resident memory of a session a little with
//! every rebuild, though nothing is live: the rebuild bench measured 241
//! MiB after 10 rebuilds of the 2019 plan and 266 MiB after 200, and 229
//! MiB flat with one arena (`MALLOC_ARENA_MAX=1`). `malloc_trim` returns
//! the free pages of every arena to the system.
//!
//! What `malloc_trim` cannot return are pages on which one live chunk is
//! left. With glibc's default of up to 16 arenas on two cores the heap
//! fragments, and a session crept, in some runs, by about 10 MiB per 100
//! rebuilds (2019 plan: 144–150 MiB after 10 rebuilds, 147–167 after 200,
//! 98–115 % in six runs), though heaptrack showed the live heap the same
//! after 20 and after 120 rebuilds. A session therefore caps the arenas at
//! four: 99–104 % in five runs (139–145 MiB throughout), a
//! rebuild as fast (209–234 ms against 193–248 ms). Two arenas kept it as
//! flat but made rebuilds a fifth slower (245–251 ms): Typst's threads wait
//! on each other for the allocator.
//!
//! `kis-book serve` over 200 saves of the 2019 plan (issue 26,
//! `benches/preview.py --scenario memory`): 237 → 241 MiB resident when
//! each save changes a sentence, 236 → 325 MiB when each adds one and
//! keeps it. That growth is Typst's, not kis-book's: of the 66 MiB the
//! heap in use grows by ([`heap_in_use_kib`], the rebuild bench, 10 → 200
//! rebuilds), kis-book's whole session holds 1 MiB, Typst's memoised
//! results 14 and Typst's statics 51 (what is left with the memo cleared
//! and the session dropped: chiefly the hash tables of comemo's
//! accelerators, which `comemo::evict` clears but keeps allocated, each
//! grown to the largest it ever held), and Typst alone, given the same
//! saves, grows by 132 MiB. Nothing here can return it
//! (docs/performance.md, "Serve's memory over 200 saves").

/// A memory figure of this process from `/proc/self/status`, in KiB:
/// `"VmRSS:"` now, `"VmHWM:"` its peak (Linux; 0 elsewhere). For the
/// benches, which report the peak of every case.
pub fn status_kib(key: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// What the allocator has handed out and not had back, in KiB: the live
/// heap, against which the resident memory shows what fragmentation holds
/// (glibc on Linux, from `mallinfo2`; 0 elsewhere). For the benches.
pub fn heap_in_use_kib() -> u64 {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        #[expect(
            unsafe_code,
            reason = "mallinfo2 takes nothing and returns a struct of counts"
        )]
        // SAFETY: mallinfo2 has no preconditions; it reads the allocator's
        // statistics under its own locks.
        let info = unsafe { libc::mallinfo2() };
        ((info.uordblks + info.hblkhd) / 1024) as u64
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    0
}

/// Returns the allocator's free memory to the system (glibc on Linux; a
/// no-op elsewhere).
pub fn release_free() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[expect(
        unsafe_code,
        reason = "malloc_trim takes no pointer and touches only free memory"
    )]
    // SAFETY: malloc_trim has no preconditions: it releases pages that the
    // allocator holds free, and no memory that is in use.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Caps the allocator's arenas at four for the rest of the process (glibc
/// on Linux; a no-op elsewhere): for a long session of rebuilds, where
/// many arenas fragment the heap.
pub fn limit_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[expect(
        unsafe_code,
        reason = "mallopt takes two integers and changes a setting of the allocator"
    )]
    // SAFETY: mallopt has no preconditions; M_ARENA_MAX only limits how many
    // arenas the allocator creates from now on, and memory already handed
    // out stays valid.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 4);
    }
}
