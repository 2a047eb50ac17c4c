// The saved cluster profiles ("default" first), and which one is running now.
#pragma once

#include "cluster/profilestore.h"

#include <QAbstractTableModel>
#include <QList>
#include <QString>

namespace qc {

class ProfileListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { ProfileColumn, StatusColumn, EnginesColumn, ColumnCount };

    explicit ProfileListModel(ProfileStore store, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Reads the profiles again, after one was saved or removed.
    void reload();
    // `profile` shows `status` ("starting", "running"...) and `engines` engines; every other
    // profile shows "stopped". A status of "stopped" clears it.
    void setRunning(const QString &profile, const QString &status, int engines);

    Profile profileAt(int row) const; // an empty Profile when out of range
    int rowOf(const QString &name) const; // -1 when absent
    const ProfileStore &store() const { return m_store; }

private:
    void emitRowChanged(int row);

    ProfileStore m_store;
    QList<Profile> m_profiles;
    QString m_running; // the profile with a status other than "stopped", if any
    QString m_runningStatus;
    int m_runningEngines = 0;
};

} // namespace qc
