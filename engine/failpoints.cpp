#include "failpoints.h"

#include <QStringList>
#include <QThread>

#include <csignal>

namespace qc {

Failpoints Failpoints::fromEnvironment()
{
    Failpoints failpoints;
    const QString spec = qEnvironmentVariable("QUALCLUSTER_FAILPOINTS");
    for (const QString &item : spec.split(u',', Qt::SkipEmptyParts)) {
        const auto parts = item.split(u'=');
        if (parts.size() == 2)
            failpoints.m_values.insert(parts[0].trimmed(), parts[1].trimmed());
    }
    return failpoints;
}

int Failpoints::value(const QString &name) const
{
    bool ok = false;
    const int number = m_values.value(name).toInt(&ok);
    return ok && number >= 0 ? number : -1;
}

void Failpoints::beforeTask(quint64 tasksDone, const QStringList &files) const
{
    if (const QString poison = m_values.value(QStringLiteral("engine.crash_on_file")); !poison.isEmpty())
        for (const QString &file : files)
            if (file.contains(poison))
                ::raise(SIGKILL);
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
