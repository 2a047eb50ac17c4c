#include "clusterspanel.h"
#include "statuslabel.h"

#include "cluster/controllerclient.h"
#include "cluster/engineinfo.h"
#include "models/enginetablemodel.h"
#include "models/profilelistmodel.h"
#include "newprofiledialog.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollBar>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace qc {

namespace {

// Rows a line of text tall: the style's default fits few in a window on a small screen.
QTableView *compactTable(QAbstractItemModel *model, const QString &accessibleName, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setModel(model);
    view->setAccessibleName(accessibleName);
    view->setTabKeyNavigation(
        false); // Tab leaves the table (arrows move between cells), as keyboard users expect of a form.
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->verticalHeader()->hide();
    view->verticalHeader()->setMinimumSectionSize(view->fontMetrics().height() + 4);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 4);
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->setAlternatingRowColors(true);
    return view;
}

// The height of `view` showing its header and `rows` rows.
int heightForRows(const QTableView *view, int rows)
{
    return 2 * view->frameWidth() + view->horizontalHeader()->sizeHint().height()
        + rows * view->verticalHeader()->defaultSectionSize();
}

QPushButton *pushButton(const QString &text, const QString &accessibleName, QWidget *parent)
{
    auto *button = new QPushButton(text, parent);
    button->setAccessibleName(accessibleName);
    return button;
}

} // namespace

ClustersPanel::ClustersPanel(ControllerClient *client, ProfileStore store, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_store(std::move(store))
    , m_ownership(client, m_registry)
    , m_profileModel(new ProfileListModel(m_store, this))
    , m_engineModel(new EngineTableModel(client, this))
{
    m_profileView = compactTable(m_profileModel, tr("Cluster profiles"), this);
    // Room for five clusters, and at least the selected one; the profile's name takes the width,
    // the numbers stay beside it.
    QHeaderView *header = m_profileView->horizontalHeader();
    m_profileView->setMinimumHeight(heightForRows(m_profileView, 1));
    m_profileView->setMaximumHeight(heightForRows(m_profileView, 5));
    header->setStretchLastSection(false);
    header->setSectionResizeMode(ProfileListModel::ProfileColumn, QHeaderView::Stretch);
    m_engineView = compactTable(m_engineModel, tr("Engines of the selected cluster"), this);
    m_engineView->setSelectionMode(QAbstractItemView::NoSelection);
    // Every column as wide as its contents and no wider: a stretched last column keeps Qt's
    // default width of 100 pixels once the table has been narrower than its columns.
    m_engineView->horizontalHeader()->setStretchLastSection(false);
    // A cluster's engines, not one of them: three rows (see reserveRows()).
    connect(m_engineView->horizontalHeader(), &QHeaderView::sectionResized, this, &ClustersPanel::reserveRows);
    // The Job column is for batch launchers; for engines on this machine or over ssh it stays
    // empty, and hiding it leaves the other columns room in a narrow window.
    const auto showJobsIfAny = [this] {
        bool any = false;
        for (int row = 0; row < m_engineModel->rowCount() && !any; ++row)
            any = !m_engineModel->index(row, EngineTableModel::JobColumn).data().toString().isEmpty();
        m_engineView->setColumnHidden(EngineTableModel::JobColumn, !any);
    };
    connect(m_engineModel, &QAbstractItemModel::rowsInserted, this, showJobsIfAny);
    connect(m_engineModel, &QAbstractItemModel::rowsRemoved, this, showJobsIfAny);
    connect(m_engineModel, &QAbstractItemModel::dataChanged, this, showJobsIfAny);
    showJobsIfAny();

    auto *create = pushButton(tr("New profile…"), tr("New profile"), this);
    m_edit = pushButton(tr("Edit profile…"), tr("Edit profile"), this);
    m_edit->setToolTip(tr("Change the selected profile: engines, launcher and where they run."));
    m_delete = new QPushButton(tr("Delete profile"), this);
    m_keepRunning = new QCheckBox(tr("&Keep running after the window closes"), this);
    m_keepRunning->setToolTip(tr("For a cluster this window starts: leave it running when the window closes. "
                                 "A cluster started from a terminal always keeps running."));
    m_engines = new QSpinBox(this);
    m_engines->setRange(1, 256);
    m_engines->setKeyboardTracking(false); // typing "12" scales once, not to 1 and then to 12
    m_engines->setAccessibleName(tr("Number of engines"));
    m_engines->setToolTip(tr("Engines to start; changing it while the cluster runs adds or removes engines."));
    m_start = pushButton(tr("Start"), tr("Start the cluster"), this);
    m_stop = pushButton(tr("Stop"), tr("Stop the cluster"), this);
    m_restart = pushButton(tr("Restart"), tr("Restart the cluster"), this);
    m_restart->setToolTip(tr("The cluster is gone: start it again with the same profile."));
    m_restart->hide();
    m_status = new StatusLabel(tr("Cluster status"), this);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    // Three short rows rather than two long ones, so that the panel fits beside the charts on a
    // small screen.
    auto *profileButtons = new QHBoxLayout;
    profileButtons->addWidget(create);
    profileButtons->addWidget(m_edit);
    profileButtons->addWidget(m_delete);
    profileButtons->addStretch();
    auto *clusterButtons = new QHBoxLayout;
    auto *enginesLabel = new QLabel(tr("&Engines:"), this);
    enginesLabel->setBuddy(m_engines);
    clusterButtons->addWidget(enginesLabel);
    clusterButtons->addWidget(m_engines);
    clusterButtons->addWidget(m_start);
    clusterButtons->addWidget(m_stop);
    clusterButtons->addWidget(m_restart);
    clusterButtons->addStretch();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(layout->spacing() * 2 / 3); // seven rows share a small screen's height with two panels
    layout->addWidget(m_profileView);
    layout->addLayout(profileButtons);
    layout->addLayout(clusterButtons);
    layout->addWidget(m_keepRunning);
    layout->addWidget(m_status);
    layout->addWidget(m_engineView, 1);

    connect(create, &QPushButton::clicked, this, [this] { openProfileDialog({QString(), m_engines->value()}, false); });
    connect(m_edit, &QPushButton::clicked, this,
            [this] { openProfileDialog(m_profileModel->profileAt(m_profileView->currentIndex().row()), true); });
    connect(m_delete, &QPushButton::clicked, this, &ClustersPanel::deleteProfile);
    connect(m_start, &QPushButton::clicked, this, &ClustersPanel::startCluster);
    connect(m_stop, &QPushButton::clicked, this, &ClustersPanel::stopCluster);
    connect(m_restart, &QPushButton::clicked, this, &ClustersPanel::startCluster);
    connect(m_keepRunning, &QCheckBox::clicked, this,
            &ClustersPanel::handleKeepRunningToggled); // the user's, not setChecked()
    connect(m_engines, &QSpinBox::valueChanged, this, &ClustersPanel::handleEngineCountChanged);
    connect(m_profileView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ClustersPanel::handleProfileSelected);

    connect(m_client, &ControllerClient::attached, this, &ClustersPanel::handleAttached);
    connect(m_client, &ControllerClient::detached, this, &ClustersPanel::updateStatus);
    connect(m_client, &Cluster::lost, this, &ClustersPanel::handleLost);
    connect(m_client, &Cluster::errorOccurred, this, &ClustersPanel::handleError);
    connect(m_client, &Cluster::ready, this, &ClustersPanel::updateStatus);
    connect(m_client, &Cluster::engineChanged, this, &ClustersPanel::updateStatus);
    for (auto signal : {&Cluster::engineAdded, &Cluster::engineRemoved})
        connect(m_client, signal, this, [this] {
            syncEngineCount();
            updateStatus();
        });
    m_refreshTimer.setInterval(kRefreshMs);
    connect(&m_refreshTimer, &QTimer::timeout, this, &ClustersPanel::refreshClusters);
    m_refreshTimer.start();

    m_records = m_registry.list();
    selectProfile(QStringLiteral("default"));
    updateStatus();
}

QString ClustersPanel::currentProfile() const
{
    const int row = m_profileView->currentIndex().row();
    return row >= 0 ? m_profileModel->profileAt(row).name : m_client->profile();
}

int ClustersPanel::engineCount() const
{
    return m_engines->value();
}

void ClustersPanel::setEngineCount(int engines)
{
    m_engines->setValue(engines);
}

void ClustersPanel::setKeepRunning(bool keep)
{
    m_keepRunning->setChecked(keep);
    handleKeepRunningToggled(keep);
}

void ClustersPanel::selectProfile(const QString &name)
{
    if (m_runActive || m_ownership.isLaunching())
        return; // the cluster a run or a start is waiting for stays selected
    const int row = m_profileModel->rowOf(name);
    m_profileView->setCurrentIndex(m_profileModel->index(std::max(row, 0), 0));
    handleProfileSelected();
}

void ClustersPanel::handleProfileSelected()
{
    const int row = m_profileView->currentIndex().row();
    if (row < 0)
        return;
    const Profile profile = m_profileModel->profileAt(row);
    m_delete->setEnabled(profile.name != u"default" && m_profileModel->isSaved(row));
    m_edit->setEnabled(m_profileModel->isSaved(row));
    m_keepRunning->setChecked(keepsRunning(profile.name));
    if (profile.name == m_client->profile() && m_client->isRunning())
        return updateStatus();
    if (profile.name != m_client->profile()) {
        m_lostReason.clear();
        m_error.clear();
        m_ownership.leaveFor(profile.name);
    }
    {
        const QSignalBlocker blocker(m_engines);
        m_engines->setValue(profile.engines);
    }
    m_client->setProfile(profile.name); // attaches when its cluster runs, wherever it was started
    if (m_registry.running(profile.name) && !m_client->errorString().isEmpty())
        m_error = m_client->errorString(); // it runs, and cannot be used from here
    updateStatus();
}

void ClustersPanel::prepareStart()
{
    if (m_client->isRunning())
        return;
    m_lostReason.clear();
    m_error.clear();
    m_stopAsked.clear();
    m_ownership.prepareStart();
}

void ClustersPanel::finishStart()
{
    m_ownership.finishStart();
    updateStatus();
}

void ClustersPanel::startCluster()
{
    // One that runs and is not attached yet (or cannot be) is not started a second time.
    if (m_client->isRunning() || m_profileModel->isRunning(m_client->profile()))
        return;
    prepareStart();
    const bool started = m_client->start(m_engines->value());
    finishStart();
    if (!started)
        handleError(m_client->errorString());
}

void ClustersPanel::stopCluster()
{
    if (!m_client->isAttached())
        return;
    m_stopAsked = m_client->profile();
    m_client->stop(); // returns at once; `lost` follows when the controller has stopped
    updateStatus();
}

void ClustersPanel::stopClustersStartedHere()
{
    m_refreshTimer.stop();
    if (m_ownership.isStartedHere(m_client->profile()) && !keepsRunning(m_client->profile()))
        m_stopAsked = m_client->profile();
    m_ownership.stopAll();
}

void ClustersPanel::refreshClusters()
{
    m_records = m_registry.list();
    updateStatus();
}

void ClustersPanel::handleAttached()
{
    m_lostReason.clear();
    m_error.clear();
    m_ownership.handleAttached();
    syncEngineCount();
    refreshClusters();
}

void ClustersPanel::handleLost(const QString &reason)
{
    const QString profile = m_client->profile();
    m_ownership.forget(profile);
    if (m_stopAsked == profile)
        m_stopAsked.clear(); // stopped as asked: nothing to offer
    else
        m_lostReason = reason;
    emit messageOccurred(reason);
    refreshClusters();
}

void ClustersPanel::handleError(const QString &message)
{
    m_error = message;
    if (!m_client->isRunning())
        m_ownership.forget(m_client->profile()); // its launch failed: nothing of it is left to stop
    emit messageOccurred(message);
    updateStatus();
}

void ClustersPanel::handleKeepRunningToggled(bool keep)
{
    m_ownership.setKeepsRunning(currentProfile(), keep);
    updateStatus();
}

void ClustersPanel::handleEngineCountChanged(int count)
{
    if (m_client->isAttached() && m_stopAsked != m_client->profile())
        m_client->setEngineCount(count);
}

void ClustersPanel::syncEngineCount()
{
    if (!m_client->isAttached() || m_engines->hasFocus())
        return;
    // Engines that are or will be working: what the engine count means for a running cluster.
    const QList<EngineInfo> engines = m_client->engines();
    const auto alive = std::count_if(engines.begin(), engines.end(), [](const EngineInfo &engine) {
        return engine.state != EngineState::Exited && engine.state != EngineState::Stopping;
    });
    if (alive > 0) {
        const QSignalBlocker blocker(m_engines);
        m_engines->setValue(int(alive));
    }
}

void ClustersPanel::openProfileDialog(const Profile &profile, bool editing)
{
    auto *dialog = new NewProfileDialog(m_store, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setProfile(profile, editing);
    connect(dialog, &NewProfileDialog::profileSaved, this, &ClustersPanel::handleProfileSaved);
    dialog->open();
}

void ClustersPanel::handleProfileSaved(const Profile &profile)
{
    m_profileModel->reload();
    selectProfile(profile.name);
    if (m_profileModel->isRunning(profile.name))
        emit messageOccurred(
            tr("Saved the profile \"%1\"; its running cluster takes the new settings when it starts again.")
                .arg(profile.name));
}

void ClustersPanel::deleteProfile()
{
    const QString name = currentProfile();
    if (QMessageBox::question(this, tr("Delete profile"), tr("Delete the profile \"%1\"?").arg(name))
        != QMessageBox::Yes)
        return;
    if (const auto error = m_store.remove(name))
        emit messageOccurred(*error);
    m_profileModel->reload(); // a running cluster keeps its row
    selectProfile(m_profileModel->rowOf(name) >= 0 ? name : QStringLiteral("default"));
}

bool ClustersPanel::isRestartOffered() const
{
    return !m_lostReason.isEmpty() && !m_client->isRunning();
}

QList<ClusterStatus> ClustersPanel::clusterStatuses() const
{
    const QString current = m_client->profile();
    QList<ClusterStatus> clusters;
    bool listed = false;
    for (const ClusterRecord &record : m_records) {
        ClusterStatus status{record.profile, QStringLiteral("running"), record.engines, record.pid,
                             m_ownership.originNote(record.profile)};
        if (record.profile == current) {
            listed = true;
            if (m_ownership.isLaunching() || m_client->hasStartingEngines())
                status.status = QStringLiteral("starting");
            if (m_client->isAttached())
                status.engines = m_client->connectedCount(); // live, not what it was started with
        }
        clusters.append(status);
    }
    if (!listed && (m_ownership.isLaunching() || m_client->isAttached())) {
        clusters.append({current, m_ownership.isLaunching() ? QStringLiteral("starting") : QStringLiteral("running"),
                         m_ownership.isLaunching() ? m_engines->value() : m_client->connectedCount(),
                         m_client->isAttached() ? m_client->record().pid : 0, m_ownership.originNote(current)});
    } else if (!listed && !m_profileModel->isSaved(m_profileModel->rowOf(current))) {
        // An unsaved profile whose cluster is gone keeps its row while selected, with the Restart.
        clusters.append({current, QStringLiteral("stopped"), 0, 0, m_lostReason});
    }
    return clusters;
}

QString ClustersPanel::statusText() const
{
    const QString profile = m_client->profile();
    if (m_ownership.isLaunching())
        return tr("Starting the cluster \"%1\"…").arg(profile);
    if (m_client->isAttached()) {
        if (m_stopAsked == profile)
            return tr("Stopping the cluster \"%1\"…").arg(profile);
        const QList<EngineInfo> engines = m_client->engines();
        const auto queued = std::count_if(engines.begin(), engines.end(), [](const EngineInfo &engine) {
            return engine.state == EngineState::Starting && !engine.schedulerState.isEmpty();
        });
        QString text =
            tr("%n engine(s) connected to the cluster \"%1\" (controller PID %2).", nullptr, m_client->connectedCount())
                .arg(profile)
                .arg(m_client->record().pid);
        if (queued > 0) // batch jobs: what the engines table's State column details
            text += u' ' + tr("%n more wait for the batch scheduler.", nullptr, int(queued));
        return text + u' ' + m_ownership.originNote(profile);
    }
    if (isRestartOffered())
        return m_lostReason + u' '
            + tr("Restart starts it again from this window with %n engine(s).", nullptr, m_engines->value());
    if (!m_error.isEmpty())
        return m_error;
    if (m_profileModel->isRunning(profile))
        return tr("Connecting to the cluster \"%1\"…").arg(profile);
    return tr("No cluster of profile \"%1\" is running; Start starts one.").arg(profile);
}

void ClustersPanel::updateStatus()
{
    m_profileModel->setClusters(clusterStatuses());
    m_start->setEnabled(!m_client->isRunning() && !m_profileModel->isRunning(m_client->profile()));
    m_stop->setEnabled(m_client->isAttached() && m_stopAsked != m_client->profile());
    m_restart->setVisible(isRestartOffered());
    m_profileView->setEnabled(!m_runActive && !m_ownership.isLaunching());
    m_status->setText(statusText());
    reserveRows();
}

void ClustersPanel::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    reserveRows();
}

// The splitter that holds this panel gives it its minimum height without asking how many lines
// the status wraps into at this width, or whether the engines table needs a scroll bar under its
// three rows: reserve both, or the table is cut off at the bottom.
void ClustersPanel::reserveRows()
{
    const int lines = m_status->heightForWidth(std::max(m_status->width(), 1));
    if (m_status->minimumHeight() != lines)
        m_status->setMinimumHeight(lines);
    const bool scrolls = m_engineView->horizontalHeader()->length() > m_engineView->viewport()->width();
    const int engines =
        heightForRows(m_engineView, 3) + (scrolls ? m_engineView->horizontalScrollBar()->sizeHint().height() : 0);
    if (m_engineView->minimumHeight() != engines)
        m_engineView->setMinimumHeight(engines);
}

} // namespace qc
