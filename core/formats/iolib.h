// What every call into Staden io_lib shares: the library, loaded on first use, one lock, owners
// for what it allocates, memory files. Internal to core: io_lib's headers are not public, and
// their macros leak, so include this last.
#pragma once

#include <QByteArrayView>
#include <QString>

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

// The io_lib functions QualCluster calls. libstaden-read is loaded when the first trace is read,
// not linked: it pulls in libcurl and some forty libraries behind it, which cost every process
// about 15 ms at start (4 engines took 118 ms to start instead of 64) and 7 MB of memory, for
// folders that mostly hold no traces.
struct IoLib
{
    decltype(&::mfcreate) mfcreate;
    decltype(&::mfdestroy) mfdestroy;
    decltype(&::mfread_scf) mfread_scf;
    decltype(&::scf2read) scf2read;
    decltype(&::scf_deallocate) scf_deallocate;
    decltype(&::mfread_ztr) mfread_ztr;
    decltype(&::uncompress_ztr) uncompress_ztr;
    decltype(&::ztr2read) ztr2read;
    decltype(&::delete_ztr) delete_ztr;
    decltype(&::read_deallocate) read_deallocate;
    decltype(&::exp_mfread_info) exp_mfread_info;
    decltype(&::exp_destroy_info) exp_destroy_info;
};

// io_lib, loaded once for the whole process; null when it cannot be, and then `why` (if given)
// says why in words fit for a rejected file's message.
const IoLib *loadIoLib(QString *why = nullptr);

struct IoLibDeleter
{
    void operator()(mFILE *file) const { loadIoLib()->mfdestroy(file); }
    void operator()(Scf *scf) const { loadIoLib()->scf_deallocate(scf); }
    void operator()(ztr_t *ztr) const { loadIoLib()->delete_ztr(ztr); }
    void operator()(Read *read) const { loadIoLib()->read_deallocate(read); }
    void operator()(Exp_info *info) const { loadIoLib()->exp_destroy_info(info); }
};
template<typename T> using IoLibPtr = std::unique_ptr<T, IoLibDeleter>;

// An io_lib memory file holding a copy of `data`; null when out of memory.
IoLibPtr<mFILE> memoryFile(const IoLib &lib, QByteArrayView data);

} // namespace qc
