#include "failpoints.h"

#include <QThread>

#include <csignal>

namespace qc {

Failpoints Failpoints::fromEnvironment()
{
    Failpoints failpoints;
    const QString spec = qEnvironmentVariable("QUALCLUSTER_FAILPOINTS");
    for (const QString &item : spec.split(u',', Qt::SkipEmptyParts)) {
        const auto parts = item.split(u'=');
        bool ok = false;
        const int value = parts.value(1).toInt(&ok);
        if (parts.size() == 2 && ok && value >= 0)
            failpoints.m_values.insert(parts[0].trimmed(), value);
    }
    return failpoints;
}

void Failpoints::beforeTask(quint64 tasksDone) const
{
    if (const int after = value(QStringLiteral("engine.crash_after_tasks")); after >= 0 && tasksDone >= quint64(after))
        ::raise(SIGKILL);
    if (const int after = value(QStringLiteral("engine.hang_after_tasks")); after >= 0 && tasksDone >= quint64(after))
        ::raise(SIGSTOP);
}

void Failpoints::delayTask() const
{
    if (const int ms = value(QStringLiteral("engine.slow_task_ms")); ms > 0)
        QThread::msleep(ulong(ms));
}

} // namespace qc
