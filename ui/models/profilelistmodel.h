// The saved cluster profiles ("default" first) with the state of each one's cluster; a running
// cluster whose profile is not saved here (a terminal with another config) gets a row of its own.
#pragma once

#include "cluster/profilestore.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QString>

namespace qc {

// What the Clusters panel knows of one running cluster.
struct ClusterStatus
{
    QString profile;
    QString status = QStringLiteral("running"); // or "starting"; "stopped" keeps an unsaved row
    int engines = 0;
    qint64 controllerPid = 0; // 0 while the window is still launching it
    QString note; // who started it and what closing the window does to it

    bool operator==(const ClusterStatus &other) const = default;
};

class ProfileListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { ProfileColumn, LauncherColumn, StatusColumn, EnginesColumn, ControllerColumn, ColumnCount };

    explicit ProfileListModel(ProfileStore store, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Reads the profiles again, after one was saved or removed.
    void reload();
    // The clusters running now; every other profile shows "stopped". Rows of unsaved profiles
    // come and go with their clusters, without disturbing the other rows.
    void setClusters(const QList<ClusterStatus> &clusters);
    bool isRunning(const QString &profile) const;

    Profile profileAt(int row) const; // an empty Profile when out of range
    // False for a row that is only there because its cluster runs.
    bool isSaved(int row) const { return row >= 0 && row < m_savedCount; }
    int rowOf(const QString &name) const; // -1 when absent
    const ProfileStore &store() const { return m_store; }

private:
    QVariant displayData(int row, int column) const;
    QVariant toolTip(int row, int column) const;
    void insertUnsavedRow(const ClusterStatus &cluster);

    ProfileStore m_store;
    QList<Profile> m_profiles; // the saved ones, then unsaved ones with a running cluster, by name
    int m_savedCount = 0;
    QHash<QString, ClusterStatus> m_clusters; // by profile
};

} // namespace qc
