// Deterministic faults for tests, read from QUALCLUSTER_FAILPOINTS; inert unless it is set.
//   engine.slow_task_ms=N        each task takes at least N ms longer
//   engine.crash_after_tasks=N   after N results the engine kills itself (SIGKILL) on its next task
//   engine.hang_after_tasks=N    after N results the engine stops itself (SIGSTOP) on its next task
//   engine.crash_on_file=TEXT    the engine kills itself on any task with a file whose name holds TEXT
#pragma once

#include <QHash>
#include <QString>

namespace qc {

class Failpoints
{
public:
    static Failpoints fromEnvironment();
    int value(const QString &name) const;

    // Called when a task arrives; may not return.
    void beforeTask(quint64 tasksDone, const QStringList &files) const;
    // Called on the worker thread before the real work.
    void delayTask() const;

private:
    QHash<QString, QString> m_values;
};

} // namespace qc
