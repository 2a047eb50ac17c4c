// Whether a process still runs, for tests that check that no engine outlives what started it.
#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>

// A zombie (state Z) has ended; only its parent's reaping is left.
inline bool processAlive(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray line = stat.readAll();
    return line.mid(line.lastIndexOf(')') + 2, 1) != "Z";
}
