#include "iolib.h"

#include <QLibrary>

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace qc {

std::mutex ioLibMutex;

namespace {

struct LoadedIoLib
{
    IoLib functions = {};
    QString error; // empty when every function was found
};

LoadedIoLib load()
{
    LoadedIoLib loaded;
    // The soname of the library this build was configured with (core/CMakeLists.txt).
    QLibrary library(QStringLiteral(QUALCLUSTER_IOLIB_SONAME));
    if (!library.load()) {
        loaded.error = QStringLiteral("Staden io_lib (%1), which reads SCF, ZTR and experiment files, cannot be "
                                      "loaded: %2")
                           .arg(QStringLiteral(QUALCLUSTER_IOLIB_SONAME), library.errorString());
        return loaded;
    }
    const auto resolve = [&library, &loaded](auto &function, const char *name) {
        function = reinterpret_cast<std::remove_reference_t<decltype(function)>>(library.resolve(name));
        if (!function && loaded.error.isEmpty())
            loaded.error = QStringLiteral("Staden io_lib has no function %1").arg(QLatin1StringView(name));
    };
    IoLib &f = loaded.functions;
    resolve(f.mfcreate, "mfcreate");
    resolve(f.mfdestroy, "mfdestroy");
    resolve(f.mfread_scf, "mfread_scf");
    resolve(f.scf2read, "scf2read");
    resolve(f.scf_deallocate, "scf_deallocate");
    resolve(f.mfread_ztr, "mfread_ztr");
    resolve(f.uncompress_ztr, "uncompress_ztr");
    resolve(f.ztr2read, "ztr2read");
    resolve(f.delete_ztr, "delete_ztr");
    resolve(f.read_deallocate, "read_deallocate");
    resolve(f.exp_mfread_info, "exp_mfread_info");
    resolve(f.exp_destroy_info, "exp_destroy_info");
    // The library stays loaded for the life of the process: QLibrary only unloads on unload().
    return loaded;
}

} // namespace

const IoLib *loadIoLib(QString *why)
{
    static const LoadedIoLib loaded = load(); // thread-safe, once
    if (!loaded.error.isEmpty()) {
        if (why)
            *why = loaded.error;
        return nullptr;
    }
    return &loaded.functions;
}

// An mFILE frees its buffer when destroyed and may write into it (mungetc), so io_lib gets a
// malloc'd copy of our read-only bytes.
IoLibPtr<mFILE> memoryFile(const IoLib &lib, QByteArrayView data)
{
    const std::size_t size = std::size_t(data.size());
    char *copy = static_cast<char *>(std::malloc(std::max<std::size_t>(size, 1)));
    if (!copy)
        return nullptr;
    if (size)
        std::memcpy(copy, data.data(), size);
    return IoLibPtr<mFILE>(lib.mfcreate(copy, int(size)));
}

} // namespace qc
