// The scaling study: the same analysis on each engine count, a few times each, beside a serial
// baseline measured in the same session, all through the one run path (RunController).
#pragma once

#include "analysis/runresult.h"
#include "analysis/sample.h"
#include "cluster/profilestore.h"
#include "scalingresult.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>

namespace qc {

class Cluster;
class LocalCluster;
class RunController;

class ScalingStudy : public QObject
{
    Q_OBJECT

public:
    static constexpr int kScaleTimeoutMs = 60000;

    static constexpr int kMaxEngines = 256;

    explicit ScalingStudy(QObject *parent = nullptr);

    // 1, 2, 4... up to the number of cores, and the number of cores when it is not a power of two.
    static QList<int> defaultEngineCounts();
    // "1,2,4" into its counts; none when a word is not a count from 1 to kMaxEngines or repeats one.
    static std::optional<QList<int>> parseEngineCounts(const QString &text);
    ~ScalingStudy() override;

    // The engine program of the clusters the study starts itself; by default the one beside
    // this program.
    void setEngineProgram(const QString &program) { m_engineProgram = program; }

    // Records each run the study measures in the run history at `path` (empty: the user's), as
    // source "scale", with the study's serial median as its serial time. Off by default. A run is
    // recorded in a worker thread after its time is taken; the next run starts once it is
    // recorded, so recording is never timed.
    void setRecordInHistory(bool record, const QString &path = {});

    // Runs `samples` serially `repeats` times, then on each of `engineCounts` engines `repeats`
    // times. A running `cluster` is scaled to each count and set back to its own count at the
    // end; without one (null, or stopped), the study starts a cluster of `profile` for each count
    // and stops it after that count's repeats.
    void start(const QList<Sample> &samples, const QList<int> &engineCounts, int repeats, Cluster *cluster,
               const Profile &profile);
    void cancel();
    bool isRunning() const { return m_active; }

signals:
    // `step` says what is being measured ("2 engines, run 1 of 3"); done and total count runs.
    void progress(const QString &step, int done, int total);
    void warning(const QString &message);
    void finished(const qc::ScalingResult &result);
    void failed(const QString &reason);
    void cancelled();

private:
    void next();
    void prepareCount();
    void checkScaled();
    void runOnce();
    void handleRunFinished(double wallSeconds, double startupSeconds);
    // Records `run` when asked to (setRecordInHistory), then calls `then`.
    void recordInHistory(RunResult run, const std::function<void()> &then);
    void finish();
    void fail(const QString &reason);
    void stopAll(); // what cancel and fail share: the run, the study's cluster, the shared one's count
    void releaseCluster();
    Cluster *currentCluster() const;

    QList<Sample> m_samples;
    QList<int> m_counts;
    int m_repeats = 1;
    QPointer<Cluster> m_shared; // a running cluster the study scales
    int m_sharedCount = 0; // its engine count before the study
    Profile m_profile;
    QString m_engineProgram;
    std::unique_ptr<LocalCluster> m_own; // the cluster of the current count, when the study starts one
    std::unique_ptr<RunController> m_controller;
    ScalingResult m_result;
    int m_countIndex = -1; // -1: the serial baseline
    int m_repeat = 0;
    int m_done = 0;
    bool m_active = false;
    bool m_scaling = false;
    QElapsedTimer m_scaleClock;
    bool m_recordHistory = false;
    QString m_historyPath;
    QDateTime m_runStartedAt;
    QTimer m_scaleTimeout;
    QMetaObject::Connection m_scaleWatch[3];
};

} // namespace qc
