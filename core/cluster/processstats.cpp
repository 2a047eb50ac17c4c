#include "processstats.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QFile>

#include <unistd.h>

namespace qc {

namespace {

// /proc files report a size of 0, so they are read until end of file rather than by size.
QByteArray readProcFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

} // namespace

ProcessStats readProcessStats(qint64 pid)
{
    if (pid <= 0)
        return {};
    const QString base = QStringLiteral("/proc/%1/").arg(pid);

    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so the fields are
    // counted from the last ')'. utime and stime are fields 14 and 15, in clock ticks.
    const QByteArray stat = readProcFile(base + QStringLiteral("stat"));
    const qsizetype commEnd = stat.lastIndexOf(')');
    if (commEnd < 0)
        return {};
    const QByteArrayList fields = stat.mid(commEnd + 1).simplified().split(' ');
    constexpr int kFirstField = 3; // fields[0] is field 3, the state
    constexpr int kUtime = 14 - kFirstField;
    constexpr int kStime = 15 - kFirstField;
    if (fields.size() <= kStime)
        return {};
    bool utimeOk = false;
    bool stimeOk = false;
    const qulonglong ticks = fields[kUtime].toULongLong(&utimeOk) + fields[kStime].toULongLong(&stimeOk);
    const long ticksPerSecond = ::sysconf(_SC_CLK_TCK);

    // statm: "size resident shared ...", in pages.
    const QByteArrayList statm = readProcFile(base + QStringLiteral("statm")).simplified().split(' ');
    bool residentOk = false;
    const qint64 residentPages = statm.size() > 1 ? statm[1].toLongLong(&residentOk) : 0;
    const long pageSize = ::sysconf(_SC_PAGESIZE);

    if (!utimeOk || !stimeOk || !residentOk || ticksPerSecond <= 0 || pageSize <= 0)
        return {};
    return {double(ticks) / double(ticksPerSecond), residentPages * pageSize, true};
}

qint64 processStartTicks(qint64 pid)
{
    if (pid <= 0)
        return 0;
    const QByteArray stat = readProcFile(QStringLiteral("/proc/%1/stat").arg(pid));
    const qsizetype commEnd = stat.lastIndexOf(')');
    if (commEnd < 0)
        return 0;
    const QByteArrayList fields = stat.mid(commEnd + 1).simplified().split(' ');
    constexpr int kStartTime = 22 - 3; // fields[0] is field 3, the state
    if (fields.size() <= kStartTime || fields[0] == "Z")
        return 0;
    return fields[kStartTime].toLongLong();
}

} // namespace qc
