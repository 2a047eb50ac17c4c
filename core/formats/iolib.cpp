#include "iolib.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace qc {

std::mutex ioLibMutex;

// An mFILE frees its buffer when destroyed and may write into it (mungetc), so io_lib gets a
// malloc'd copy of our read-only bytes.
IoLibPtr<mFILE> memoryFile(QByteArrayView data)
{
    const std::size_t size = std::size_t(data.size());
    char *copy = static_cast<char *>(std::malloc(std::max<std::size_t>(size, 1)));
    if (!copy)
        return nullptr;
    if (size)
        std::memcpy(copy, data.data(), size);
    return IoLibPtr<mFILE>(mfcreate(copy, int(size)));
}

} // namespace qc
