/*
 * clockshift: move the wall clock of a process (and its children) by CLOCKSHIFT_SECONDS.
 *
 * LD_PRELOAD=clockshift.so CLOCKSHIFT_SECONDS=34560000 python -m pytest ...
 *
 * Only the wall clock moves (CLOCK_REALTIME and its variants, gettimeofday, time): monotonic
 * clocks, timers and sleeps are left alone, so timeouts and waits behave as usual. Debian's
 * libfaketime 0.9.10 moves the monotonic clock too, which makes Python's timed waits hang
 * (threading.Event.wait) or fail with EINVAL (time.sleep) — see docs/testing.md.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>

static long shift_seconds(void) {
    static int ready = 0;
    static long shift = 0;
    if (!ready) {
        const char *text = getenv("CLOCKSHIFT_SECONDS");
        shift = text ? strtol(text, NULL, 10) : 0;
        ready = 1;
    }
    return shift;
}

static int is_wall_clock(clockid_t id) {
    return id == CLOCK_REALTIME || id == CLOCK_REALTIME_COARSE || id == CLOCK_TAI;
}

int clock_gettime(clockid_t id, struct timespec *ts) {
    static int (*real)(clockid_t, struct timespec *) = NULL;
    if (!real) real = (int (*)(clockid_t, struct timespec *))dlsym(RTLD_NEXT, "clock_gettime");
    int result = real(id, ts);
    if (result == 0 && ts && is_wall_clock(id)) ts->tv_sec += shift_seconds();
    return result;
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz) {
    static int (*real)(struct timeval *restrict, void *restrict) = NULL;
    if (!real) real = (int (*)(struct timeval *restrict, void *restrict))dlsym(RTLD_NEXT, "gettimeofday");
    int result = real(tv, tz);
    if (result == 0 && tv) tv->tv_sec += shift_seconds();
    return result;
}

time_t time(time_t *out) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    if (out) *out = ts.tv_sec;
    return ts.tv_sec;
}
