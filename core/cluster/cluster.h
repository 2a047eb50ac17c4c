// What a client sees of a cluster, wherever its controller runs: engines, runs submitted to them,
// and their results. LocalCluster is one in this process; ControllerClient talks to one in another.
#pragma once

#include "analysis/task.h"
#include "engineinfo.h"

#include <QList>
#include <QObject>
#include <QString>

#include <optional>

namespace qc {

// How a run's tasks reach the engines: a shared queue any idle engine takes from (a load-balanced
// view), or each engine's own tasks fixed up front (a direct view).
enum class Dispatch { Balanced, Direct };

class Cluster : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    // A run id unique in this process, for submit().
    static quint64 newRunId();

    virtual bool isRunning() const = 0;
    virtual QList<EngineInfo> engines() const = 0;
    // Starts `count` engines; `ready` follows when every one has connected or failed.
    virtual bool start(int count) = 0;
    virtual void setEngineCount(int count) = 0;
    virtual void stop() = 0;
    virtual QString errorString() const = 0;

    // Hands `tasks` to the engines; each result comes back through taskDone with this run id.
    // A task no engine could finish comes back as a result holding the reason as an error.
    virtual void submit(quint64 runId, Dispatch dispatch, const QList<AnalysisTask> &tasks) = 0;
    // Drops the run's queued tasks; engines still busy with its tasks get `graceMs`, then they
    // are killed (and replaced). Its late results are not delivered.
    virtual void cancel(quint64 runId, int graceMs) = 0;

    std::optional<EngineInfo> engineInfo(int id) const;
    // Engines connected and able to take tasks.
    int connectedCount() const;
    bool hasStartingEngines() const;
    // Started and on its way: engines (or what launches them) have yet to connect, and `ready`
    // will follow. A run asked for now waits for it rather than failing.
    virtual bool isStarting() const { return hasStartingEngines(); }

signals:
    void ready();
    void engineAdded(int id);
    void engineChanged(int id);
    void engineRemoved(int id);
    void taskDone(quint64 runId, const qc::TaskResult &result);
    void errorOccurred(const QString &message);
    // The cluster is gone under the client (its controller died or stopped): runs cannot finish.
    void lost(const QString &reason);
};

} // namespace qc
