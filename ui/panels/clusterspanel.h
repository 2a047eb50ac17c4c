// The Clusters panel: every running cluster of the user (from this window or a terminal), start,
// stop and scale the selected profile's cluster, and its live engines.
#pragma once

#include "cluster/clusterregistry.h"
#include "cluster/profilestore.h"
#include "clusterownership.h"

#include <QTimer>
#include <QWidget>

class QCheckBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableView;

namespace qc {

class StatusLabel;

class ControllerClient;
class EngineTableModel;
class ProfileListModel;
struct ClusterStatus;

class ClustersPanel : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kRefreshMs = 1000;

    // `client` follows the selected profile: it attaches to that profile's cluster when one runs.
    ClustersPanel(ControllerClient *client, ProfileStore store, QWidget *parent = nullptr);

    QString currentProfile() const;
    int engineCount() const;
    void selectProfile(const QString &name);
    // Before Start: the engines to start. While the selected cluster runs: scales it.
    void setEngineCount(int engines);
    // "Keep running after the window closes", remembered per profile.
    static bool keepsRunning(const QString &profile) { return ClusterOwnership::keepsRunning(profile); }
    void setKeepRunning(bool keep);
    // Profiles whose clusters this window launched and still runs.
    QSet<QString> clustersStartedHere() const { return m_ownership.startedHere(); }
    // While a run is going, the profile (and so the cluster) cannot change.
    void setRunActive(bool active)
    {
        m_runActive = active;
        updateStatus();
    }

    // Around any start of the selected profile's cluster (Start, Restart, or a run that needs
    // engines): a cluster that start() launches is this window's, and stops with it unless it
    // keeps running; one that was already running stays as it was.
    void prepareStart();
    void finishStart();
    // When the window closes: asks every cluster this window started, and not kept running, to
    // stop. Returns at once; a cluster started elsewhere is left alone.
    void stopClustersStartedHere();

    EngineTableModel *engineModel() const { return m_engineModel; }
    ProfileListModel *profileModel() const { return m_profileModel; }
    QString statusText() const;
    bool isRestartOffered() const;

public slots:
    void startCluster();
    void stopCluster();
    // Reads the running clusters again (also every kRefreshMs).
    void refreshClusters();

signals:
    void messageOccurred(const QString &message);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void reserveRows();
    void handleProfileSelected();
    void handleAttached();
    void handleLost(const QString &reason);
    void handleError(const QString &message);
    void handleKeepRunningToggled(bool keep);
    void handleEngineCountChanged(int count);
    // New profile (a fresh one) and Edit profile (the selected saved one): saved when accepted.
    void openProfileDialog(const Profile &profile, bool editing);
    void handleProfileSaved(const Profile &profile);
    void deleteProfile();
    void syncEngineCount();
    void updateStatus();
    QList<ClusterStatus> clusterStatuses() const;

    ControllerClient *m_client;
    ProfileStore m_store;
    ClusterRegistry m_registry;
    ClusterOwnership m_ownership;
    ProfileListModel *m_profileModel;
    EngineTableModel *m_engineModel;
    QTableView *m_profileView;
    QTableView *m_engineView;
    QSpinBox *m_engines;
    QPushButton *m_start;
    QPushButton *m_stop;
    QPushButton *m_restart;
    QPushButton *m_edit;
    QPushButton *m_delete;
    QCheckBox *m_keepRunning;
    StatusLabel *m_status;
    QTimer m_refreshTimer;
    QList<ClusterRecord> m_records; // as last read from the registry
    QString m_stopAsked; // the profile this window asked to stop, until its cluster is gone
    QString m_lostReason; // why the selected profile's cluster went away; Restart is offered
    QString m_error; // the last error of the selected profile's cluster
    bool m_runActive = false;
};

} // namespace qc
