// The Clusters panel: profiles, start and stop a cluster, the engine count, and the live engines.
#pragma once

#include "cluster/profilestore.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QSpinBox;
class QTableView;

namespace qc {

class Cluster;
class EngineTableModel;
class ProfileListModel;

class ClustersPanel : public QWidget
{
    Q_OBJECT

public:
    ClustersPanel(Cluster *cluster, ProfileStore store, QWidget *parent = nullptr);

    QString currentProfile() const;
    int engineCount() const;
    void selectProfile(const QString &name);
    void setEngineCount(int engines);
    EngineTableModel *engineModel() const { return m_engineModel; }

public slots:
    void startCluster();
    void stopCluster();

signals:
    void messageOccurred(const QString &message);

private:
    void handleProfileSelected();
    void createProfile();
    void deleteProfile();
    void updateStatus();

    Cluster *m_cluster;
    ProfileStore m_store;
    ProfileListModel *m_profileModel;
    EngineTableModel *m_engineModel;
    QTableView *m_profileView;
    QTableView *m_engineView;
    QSpinBox *m_engines;
    QPushButton *m_start;
    QPushButton *m_stop;
    QPushButton *m_delete;
    QLabel *m_status;
    QString m_runningProfile;
};

} // namespace qc
