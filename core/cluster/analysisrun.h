// One analysis run: tasks handed to engines (balanced or direct) or to threads, results merged.
#pragma once

#include "analysis/runresult.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QQueue>

#include <optional>

class QThreadPool;

namespace qc {

class LocalCluster;

enum class RunMode { Balanced, Direct, Threads, Serial };

QString runModeName(RunMode mode);
std::optional<RunMode> runModeFromName(const QString &name);
inline bool usesEngines(RunMode mode) { return mode == RunMode::Balanced || mode == RunMode::Direct; }

class AnalysisRun : public QObject
{
    Q_OBJECT

public:
    // `cluster` must be running for the engine modes and is ignored by the others; `threads` is the
    // pool size for RunMode::Threads.
    AnalysisRun(RunMode mode, QList<Sample> samples, QList<AnalysisTask> tasks, LocalCluster *cluster,
                int threads, QObject *parent = nullptr);
    ~AnalysisRun() override;

    void start();
    // Drops what is queued; engines still busy with this run's tasks get `graceMs` to finish,
    // then they are killed (and replaced).
    void cancel(int graceMs = 2000);
    int taskCount() const { return int(m_tasks.size()); }

signals:
    void taskFinished(const qc::TaskResult &result, int done, int total);
    void finished(const qc::RunResult &result);
    void cancelled();

private:
    void startOnEngines();
    void startOnThreads(int threads);
    void dispatch();
    void handleResult(const TaskResult &result);
    void handleEngineExited(int id, quint64 unfinishedTask);
    void finishIfDone();
    void failTask(const AnalysisTask &task, const QString &reason);
    const AnalysisTask *taskById(quint64 id) const;
    QList<int> aliveEngines() const;

    RunMode m_mode;
    QList<Sample> m_samples;
    QList<AnalysisTask> m_tasks;
    QHash<quint64, qsizetype> m_taskIndex;
    QHash<quint64, int> m_tries; // engines a task was lost with
    static constexpr int kMaxTries = 2;
    LocalCluster *m_cluster;
    int m_threads;
    RunAccumulator m_accumulator;
    QQueue<quint64> m_queue;                 // balanced: any engine takes the next
    QHash<int, QQueue<quint64>> m_assigned;  // direct: each engine's own tasks, fixed up front
    int m_done = 0;
    bool m_active = false;
    bool m_dispatching = false;
    QElapsedTimer m_clock;
    QThreadPool *m_pool = nullptr;
};

} // namespace qc
