#include "stalesockets.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

#include <cerrno>
#include <csignal>

namespace qc {

int removeStaleSockets()
{
    // QLocalServer puts a plain name's socket in the temp folder.
    static const QRegularExpression pattern(QStringLiteral("^qualcluster-(\\d+)-[0-9a-f]+$"));
    const QDir temp = QDir::temp();
    int removed = 0;
    for (const QFileInfo &entry : temp.entryInfoList({QStringLiteral("qualcluster-*")}, QDir::System | QDir::Files)) {
        const auto match = pattern.match(entry.fileName());
        if (!match.hasMatch())
            continue;
        const pid_t pid = pid_t(match.captured(1).toLongLong());
        const bool gone = ::kill(pid, 0) != 0 && errno == ESRCH;
        if (gone && QFile::remove(entry.filePath()))
            ++removed;
    }
    return removed;
}

} // namespace qc
