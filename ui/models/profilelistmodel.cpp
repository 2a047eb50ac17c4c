#include "profilelistmodel.h"

#include <QFont>

#include <algorithm>

namespace qc {

namespace {

// Where a profile's engines run, in a line: "Slurm jobs (partition gpu, time limit 01:00:00)".
QString launcherToolTip(const Profile &profile)
{
    if (profile.launcher == u"slurm") {
        QStringList settings;
        if (!profile.partition.isEmpty())
            settings.append(ProfileListModel::tr("partition %1").arg(profile.partition));
        if (!profile.time.isEmpty())
            settings.append(ProfileListModel::tr("time limit %1").arg(profile.time));
        if (!profile.account.isEmpty())
            settings.append(ProfileListModel::tr("account %1").arg(profile.account));
        if (settings.isEmpty())
            return ProfileListModel::tr("Each engine is a Slurm job.");
        return ProfileListModel::tr("Each engine is a Slurm job (%1).").arg(settings.join(QStringLiteral(", ")));
    }
    if (profile.launcher == u"ssh")
        return ProfileListModel::tr("Engines are started over ssh on %1.")
            .arg(profile.hosts.join(QStringLiteral(", ")));
    return ProfileListModel::tr("Engines are processes on this machine.");
}

} // namespace

ProfileListModel::ProfileListModel(ProfileStore store, QObject *parent)
    : QAbstractTableModel(parent)
    , m_store(std::move(store))
    , m_profiles(m_store.list())
    , m_savedCount(int(m_profiles.size()))
{}

int ProfileListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_profiles.size());
}

int ProfileListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProfileListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    switch (role) {
    case Qt::DisplayRole:
        return displayData(index.row(), index.column());
    case Qt::ToolTipRole:
        return toolTip(index.row(), index.column());
    case Qt::FontRole: { // a profile that is not saved here, listed for its cluster
        QFont font;
        font.setItalic(!isSaved(index.row()));
        return isSaved(index.row()) ? QVariant() : font;
    }
    case Qt::TextAlignmentRole: {
        const bool number = index.column() == EnginesColumn || index.column() == ControllerColumn;
        return QVariant((number ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    }
    default:
        return {};
    }
}

QVariant ProfileListModel::displayData(int row, int column) const
{
    const Profile &profile = m_profiles.at(row);
    const auto cluster = m_clusters.constFind(profile.name);
    const bool running = cluster != m_clusters.constEnd() && cluster->status != u"stopped";
    switch (column) {
    case ProfileColumn:
        return profile.name;
    case LauncherColumn:
        return isSaved(row) ? profile.launcher : QString(); // unknown for another config's
    case StatusColumn:
        return running ? cluster->status : tr("stopped");
    // A running cluster may have been resized: it shows what runs, not what was saved.
    case EnginesColumn:
        return running ? cluster->engines : profile.engines;
    case ControllerColumn:
        return running && cluster->controllerPid > 0 ? QVariant(cluster->controllerPid) : QVariant();
    }
    return {};
}

QVariant ProfileListModel::toolTip(int row, int column) const
{
    const Profile &profile = m_profiles.at(row);
    const auto cluster = m_clusters.constFind(profile.name);
    const bool running = cluster != m_clusters.constEnd() && cluster->status != u"stopped";
    switch (column) {
    case ProfileColumn:
        return isSaved(row) ? QVariant()
                            : tr("No profile \"%1\" is saved here: its cluster was started with another configuration.")
                                  .arg(profile.name);
    case LauncherColumn:
        return isSaved(row) ? launcherToolTip(profile) : QVariant();
    case StatusColumn:
        if (cluster != m_clusters.constEnd() && !cluster->note.isEmpty())
            return cluster->note;
        return running ? QVariant() : tr("No cluster of this profile is running.");
    case EnginesColumn:
        if (!running)
            return isSaved(row) ? tr("The profile asks for %1 engines.").arg(profile.engines) : QVariant();
        return isSaved(row)
            ? tr("%1 engines run now; the profile asks for %2.").arg(cluster->engines).arg(profile.engines)
            : tr("%1 engines run now.").arg(cluster->engines);
    case ControllerColumn:
        return running ? tr("The process id of the cluster's controller, as 'qualcluster cluster list' shows it.")
                       : QVariant();
    }
    return {};
}

QVariant ProfileListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::TextAlignmentRole) {
        const bool number = section == EnginesColumn || section == ControllerColumn;
        return QVariant((number ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ProfileColumn:
        return tr("Profile");
    case LauncherColumn:
        return tr("Launcher");
    case StatusColumn:
        return tr("Status");
    case EnginesColumn:
        return tr("Engines");
    case ControllerColumn:
        return tr("Controller PID");
    }
    return {};
}

void ProfileListModel::reload()
{
    beginResetModel();
    m_profiles = m_store.list();
    m_savedCount = int(m_profiles.size());
    QList<ClusterStatus> unsaved;
    for (const ClusterStatus &cluster : std::as_const(m_clusters))
        if (rowOf(cluster.profile) < 0)
            unsaved.append(cluster);
    std::sort(unsaved.begin(), unsaved.end(), [](const auto &a, const auto &b) { return a.profile < b.profile; });
    for (const ClusterStatus &cluster : std::as_const(unsaved))
        m_profiles.append({cluster.profile, cluster.engines});
    endResetModel();
}

void ProfileListModel::setClusters(const QList<ClusterStatus> &clusters)
{
    QHash<QString, ClusterStatus> incoming;
    for (const ClusterStatus &cluster : clusters)
        incoming.insert(cluster.profile, cluster);
    if (incoming == m_clusters)
        return; // refreshed every second: most times nothing changed
    m_clusters = std::move(incoming);
    // Rows one by one, so that a view keeps its current row.
    for (int row = int(m_profiles.size()) - 1; row >= m_savedCount; --row) {
        if (m_clusters.contains(m_profiles.at(row).name))
            continue;
        beginRemoveRows({}, row, row);
        m_profiles.removeAt(row);
        endRemoveRows();
    }
    for (const ClusterStatus &cluster : clusters)
        if (rowOf(cluster.profile) < 0)
            insertUnsavedRow(cluster);
    if (!m_profiles.isEmpty())
        emit dataChanged(index(0, StatusColumn), index(int(m_profiles.size()) - 1, ControllerColumn));
}

void ProfileListModel::insertUnsavedRow(const ClusterStatus &cluster)
{
    const auto first = m_profiles.cbegin() + m_savedCount;
    const auto at = std::lower_bound(first, m_profiles.cend(), cluster.profile,
                                     [](const Profile &profile, const QString &name) { return profile.name < name; });
    const int row = int(at - m_profiles.cbegin());
    beginInsertRows({}, row, row);
    m_profiles.insert(row, {cluster.profile, cluster.engines});
    endInsertRows();
}

bool ProfileListModel::isRunning(const QString &profile) const
{
    const auto cluster = m_clusters.constFind(profile);
    return cluster != m_clusters.constEnd() && cluster->status != u"stopped";
}

Profile ProfileListModel::profileAt(int row) const
{
    return row >= 0 && row < m_profiles.size() ? m_profiles.at(row) : Profile{};
}

int ProfileListModel::rowOf(const QString &name) const
{
    for (qsizetype i = 0; i < m_profiles.size(); ++i)
        if (m_profiles.at(i).name == name)
            return int(i);
    return -1;
}

} // namespace qc
