// What every call into Staden io_lib shares: one lock, owners for what it allocates, memory files.
// Internal to core: io_lib's headers are not public, and their macros leak, so include this last.
#pragma once

#include <QByteArrayView>

#include <memory>
#include <mutex>

// Last: io_lib's headers define macros freely (be_int4, SEEK_SET...).
#include <io_lib/Read.h>
#include <io_lib/expFileIO.h>
#include <io_lib/scf.h>
#include <io_lib/ztr.h>

namespace qc {

// io_lib is not reentrant: its readers share process-wide state without locks (tables filled on
// first use in expFileIO.c and translate.c, the read_sections() mode, compress.c's bookkeeping).
// parseTrace runs on QtConcurrent workers, so every call into io_lib holds this lock. io_lib
// takes 0.1-0.3 ms on a trace, so the workers barely wait.
extern std::mutex ioLibMutex;

struct IoLibDeleter
{
    void operator()(mFILE *file) const { mfdestroy(file); }
    void operator()(Scf *scf) const { scf_deallocate(scf); }
    void operator()(ztr_t *ztr) const { delete_ztr(ztr); }
    void operator()(Read *read) const { read_deallocate(read); }
    void operator()(Exp_info *info) const { exp_destroy_info(info); }
};
template <typename T>
using IoLibPtr = std::unique_ptr<T, IoLibDeleter>;

// An io_lib memory file holding a copy of `data`; null when out of memory.
IoLibPtr<mFILE> memoryFile(QByteArrayView data);

} // namespace qc
