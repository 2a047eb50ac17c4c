// Unpacking a dropped .zip (or any archive libarchive reads) into a folder of the user's choice.
#pragma once

#include <QString>

#include <optional>

namespace qc {

bool isArchiveFileName(const QString &path);

// Extracts every regular file and folder of `archive` below `destination` (created if needed).
// Entries with absolute paths or ".." are refused, so an archive cannot write outside it.
// Returns a sentence naming the archive and the reason on failure.
std::optional<QString> extractArchive(const QString &archive, const QString &destination);

} // namespace qc
