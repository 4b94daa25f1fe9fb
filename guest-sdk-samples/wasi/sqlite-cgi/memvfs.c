/*
 * memvfs: the operating-system layer SQLite needs when it is built with SQLITE_OS_OTHER=1 for
 * WASI, where the program has no file system at all. Every file, the database and its
 * journals alike, lives in memory for as long as the program runs: a CGI program runs once per
 * request, so nothing would outlive the request anyway. Randomness and time come from WASI
 * through wasi-libc (getentropy is random_get, clock_gettime is clock_time_get).
 *
 * There is one connection per program, so there is nothing to lock against, and the VFS offers
 * no shared memory: SQLite is built with SQLITE_OMIT_WAL and uses rollback journals.
 */
#define _DEFAULT_SOURCE /* getentropy and nanosleep beside strict C11 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sqlite3.h"

/* The contents of one file. Named files stay until xDelete; anonymous ones until closed. */
struct mem_data {
    char *name; /* NULL for an anonymous (temporary) file */
    unsigned char *bytes;
    sqlite3_int64 size;
    sqlite3_int64 capacity;
    int open_count;
    int unlinked; /* no longer reachable by name: freed when the last handle closes */
    struct mem_data *next;
};

struct mem_file {
    sqlite3_file base;
    struct mem_data *data;
    int delete_on_close;
};

static struct mem_data *files;

static struct mem_data *find(const char *name) {
    for (struct mem_data *d = files; d; d = d->next) {
        if (strcmp(d->name, name) == 0) return d;
    }
    return NULL;
}

static void unlink_data(struct mem_data *data) {
    for (struct mem_data **p = &files; *p; p = &(*p)->next) {
        if (*p == data) {
            *p = data->next;
            break;
        }
    }
    data->unlinked = 1;
}

static void free_data(struct mem_data *data) {
    free(data->name);
    free(data->bytes);
    free(data);
}

static int mem_close(sqlite3_file *file) {
    struct mem_file *f = (struct mem_file *)file;
    struct mem_data *data = f->data;
    if (f->delete_on_close && !data->unlinked) unlink_data(data);
    if (--data->open_count == 0 && data->unlinked) free_data(data);
    return SQLITE_OK;
}

static int mem_read(sqlite3_file *file, void *buf, int amount, sqlite3_int64 offset) {
    struct mem_data *data = ((struct mem_file *)file)->data;
    sqlite3_int64 available = offset < data->size ? data->size - offset : 0;
    if (available >= amount) {
        memcpy(buf, data->bytes + offset, (size_t)amount);
        return SQLITE_OK;
    }
    /* SQLite requires the part beyond the end to be zeroed on a short read. */
    if (available > 0) memcpy(buf, data->bytes + offset, (size_t)available);
    memset((char *)buf + available, 0, (size_t)(amount - available));
    return SQLITE_IOERR_SHORT_READ;
}

static int mem_write(sqlite3_file *file, const void *buf, int amount, sqlite3_int64 offset) {
    struct mem_data *data = ((struct mem_file *)file)->data;
    sqlite3_int64 end = offset + amount;
    if (end > data->capacity) {
        sqlite3_int64 capacity = data->capacity ? data->capacity : 4096;
        while (capacity < end) capacity *= 2;
        unsigned char *bytes = realloc(data->bytes, (size_t)capacity);
        if (!bytes) return SQLITE_IOERR_NOMEM;
        data->bytes = bytes;
        data->capacity = capacity;
    }
    if (offset > data->size) memset(data->bytes + data->size, 0, (size_t)(offset - data->size));
    memcpy(data->bytes + offset, buf, (size_t)amount);
    if (end > data->size) data->size = end;
    return SQLITE_OK;
}

static int mem_truncate(sqlite3_file *file, sqlite3_int64 size) {
    struct mem_data *data = ((struct mem_file *)file)->data;
    if (size < data->size) data->size = size;
    return SQLITE_OK;
}

static int mem_sync(sqlite3_file *file, int flags) {
    (void)file;
    (void)flags;
    return SQLITE_OK;
}

static int mem_file_size(sqlite3_file *file, sqlite3_int64 *size) {
    *size = ((struct mem_file *)file)->data->size;
    return SQLITE_OK;
}

/* Locking and unlocking both succeed: no other connection exists. */
static int mem_lock(sqlite3_file *file, int level) {
    (void)file;
    (void)level;
    return SQLITE_OK;
}

static int mem_check_reserved_lock(sqlite3_file *file, int *reserved) {
    (void)file;
    *reserved = 0;
    return SQLITE_OK;
}

static int mem_file_control(sqlite3_file *file, int op, void *arg) {
    (void)file;
    (void)op;
    (void)arg;
    return SQLITE_NOTFOUND;
}

static int mem_sector_size(sqlite3_file *file) {
    (void)file;
    return 512;
}

static int mem_device_characteristics(sqlite3_file *file) {
    (void)file;
    return SQLITE_IOCAP_SAFE_APPEND | SQLITE_IOCAP_SEQUENTIAL | SQLITE_IOCAP_POWERSAFE_OVERWRITE;
}

static const sqlite3_io_methods mem_io = {
    .iVersion = 1, /* no shared memory and no memory mapping */
    .xClose = mem_close,
    .xRead = mem_read,
    .xWrite = mem_write,
    .xTruncate = mem_truncate,
    .xSync = mem_sync,
    .xFileSize = mem_file_size,
    .xLock = mem_lock,
    .xUnlock = mem_lock,
    .xCheckReservedLock = mem_check_reserved_lock,
    .xFileControl = mem_file_control,
    .xSectorSize = mem_sector_size,
    .xDeviceCharacteristics = mem_device_characteristics,
};

static int mem_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out_flags) {
    (void)vfs;
    struct mem_file *f = (struct mem_file *)file;
    /* SQLite calls xClose only when pMethods is set, so it stays NULL until the open succeeds. */
    f->base.pMethods = NULL;
    struct mem_data *data = name ? find(name) : NULL;
    if (data && (flags & SQLITE_OPEN_EXCLUSIVE)) return SQLITE_CANTOPEN;
    if (!data) {
        if (name && !(flags & SQLITE_OPEN_CREATE)) return SQLITE_CANTOPEN;
        data = calloc(1, sizeof *data);
        if (!data) return SQLITE_NOMEM;
        if (name) {
            data->name = strdup(name);
            if (!data->name) {
                free(data);
                return SQLITE_NOMEM;
            }
            data->next = files;
            files = data;
        } else {
            data->unlinked = 1;
        }
    }
    data->open_count++;
    f->data = data;
    f->delete_on_close = (flags & SQLITE_OPEN_DELETEONCLOSE) != 0;
    f->base.pMethods = &mem_io;
    if (out_flags) *out_flags = flags;
    return SQLITE_OK;
}

static int mem_delete(sqlite3_vfs *vfs, const char *name, int sync_dir) {
    (void)vfs;
    (void)sync_dir;
    struct mem_data *data = find(name);
    if (!data) return SQLITE_IOERR_DELETE_NOENT;
    unlink_data(data);
    if (data->open_count == 0) free_data(data);
    return SQLITE_OK;
}

static int mem_access(sqlite3_vfs *vfs, const char *name, int flags, int *result) {
    (void)vfs;
    (void)flags;
    /* Every file there is can be read and written. */
    *result = find(name) != NULL;
    return SQLITE_OK;
}

static int mem_full_pathname(sqlite3_vfs *vfs, const char *name, int size, char *out) {
    (void)vfs;
    /* There are no directories: a name is its own full path. */
    if ((int)strlen(name) >= size) return SQLITE_CANTOPEN;
    strcpy(out, name);
    return SQLITE_OK;
}

static int mem_randomness(sqlite3_vfs *vfs, int size, char *out) {
    (void)vfs;
    /* getentropy gives at most 256 bytes a call. */
    for (int done = 0; done < size;) {
        int n = size - done < 256 ? size - done : 256;
        if (getentropy(out + done, (size_t)n) != 0) {
            memset(out + done, 0, (size_t)(size - done));
            return done;
        }
        done += n;
    }
    return size;
}

static int mem_sleep(sqlite3_vfs *vfs, int microseconds) {
    (void)vfs;
    struct timespec t = {microseconds / 1000000, (long)(microseconds % 1000000) * 1000};
    nanosleep(&t, NULL);
    return microseconds;
}

/* Milliseconds since the Julian epoch (noon UTC, 24 November 4714 BC), as SQLite wants. */
static int mem_current_time_int64(sqlite3_vfs *vfs, sqlite3_int64 *now) {
    (void)vfs;
    static const sqlite3_int64 unix_epoch = (sqlite3_int64)24405875 * 8640000;
    struct timespec t;
    if (clock_gettime(CLOCK_REALTIME, &t) != 0) return SQLITE_ERROR;
    *now = unix_epoch + (sqlite3_int64)t.tv_sec * 1000 + t.tv_nsec / 1000000;
    return SQLITE_OK;
}

static int mem_current_time(sqlite3_vfs *vfs, double *now) {
    sqlite3_int64 ms;
    int rc = mem_current_time_int64(vfs, &ms);
    if (rc == SQLITE_OK) *now = ms / 86400000.0;
    return rc;
}

static int mem_get_last_error(sqlite3_vfs *vfs, int size, char *out) {
    (void)vfs;
    if (size > 0) out[0] = 0;
    return 0;
}

static sqlite3_vfs mem_vfs = {
    .iVersion = 2,
    .szOsFile = sizeof(struct mem_file),
    .mxPathname = 512,
    .zName = "memvfs",
    .xOpen = mem_open,
    .xDelete = mem_delete,
    .xAccess = mem_access,
    .xFullPathname = mem_full_pathname,
    .xRandomness = mem_randomness,
    .xSleep = mem_sleep,
    .xCurrentTime = mem_current_time,
    .xGetLastError = mem_get_last_error,
    .xCurrentTimeInt64 = mem_current_time_int64,
};

/* With SQLITE_OS_OTHER, SQLite calls these from sqlite3_initialize and sqlite3_shutdown. */
int sqlite3_os_init(void) {
    return sqlite3_vfs_register(&mem_vfs, 1);
}

int sqlite3_os_end(void) {
    return SQLITE_OK;
}
