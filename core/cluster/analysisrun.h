// One analysis run: tasks handed to engines (balanced or direct) or to threads, results merged.
#pragma once

#include "analysis/runresult.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <optional>

class QThreadPool;

namespace qc {

class Cluster;

enum class RunMode { Balanced, Direct, Threads, Serial };

QString runModeName(RunMode mode);
std::optional<RunMode> runModeFromName(const QString &name);
inline bool usesEngines(RunMode mode)
{
    return mode == RunMode::Balanced || mode == RunMode::Direct;
}

class AnalysisRun : public QObject
{
    Q_OBJECT

public:
    // `cluster` must be running for the engine modes and is ignored by the others; `threads` is the
    // pool size for RunMode::Threads.
    AnalysisRun(RunMode mode, QList<Sample> samples, QList<AnalysisTask> tasks, Cluster *cluster, int threads,
                QObject *parent = nullptr);
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
    // The cluster went away under the run (its controller died): it cannot finish.
    void failed(const QString &reason);

private:
    void startOnEngines();
    void startOnThreads(int threads);
    void handleResult(const TaskResult &result);
    void handleEngineChanged(int id);
    bool engineViewBehind() const;
    void finishIfDone();

    RunMode m_mode;
    QList<Sample> m_samples;
    QList<AnalysisTask> m_tasks;
    static constexpr int kSettleMs = 1000; // the longest the end of a run waits for engine states
    QSet<quint64> m_pending; // tasks whose result has not come yet
    Cluster *m_cluster;
    quint64 m_runId = 0;
    int m_engines = 0; // the most engines connected at once while the run went on
    QSet<int> m_endedBefore; // engines that had ended before the run, or stopped on purpose
    QList<EngineLoss> m_lost; // engines that ended during the run
    QTimer m_settleTimer; // after the last result, until the engine states caught up
    qint64 m_settleStartNs = -1; // when that wait began
    QHash<int, quint64> m_doneAtStart; // each engine's tasks done when the run started
    QHash<int, int> m_delivered; // this run's results from each engine
    int m_threads;
    RunAccumulator m_accumulator;
    int m_done = 0;
    bool m_active = false;
    QElapsedTimer m_clock;
    QThreadPool *m_pool = nullptr;
    // Results are merged on a thread of their own, one after another in the order they came, so
    // the window's thread stays free.
    QThreadPool *m_mergePool;
};

} // namespace qc
