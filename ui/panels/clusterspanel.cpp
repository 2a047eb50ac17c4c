#include "clusterspanel.h"

#include "cluster/engineinfo.h"
#include "cluster/cluster.h"
#include "models/enginetablemodel.h"
#include "models/profilelistmodel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

namespace qc {

namespace {

QTableView *compactTable(QAbstractItemModel *model, const QString &accessibleName, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setModel(model);
    view->setAccessibleName(accessibleName);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->setAlternatingRowColors(true);
    return view;
}

} // namespace

ClustersPanel::ClustersPanel(Cluster *cluster, ProfileStore store, QWidget *parent)
    : QWidget(parent)
    , m_cluster(cluster)
    , m_store(std::move(store))
    , m_profileModel(new ProfileListModel(m_store, this))
    , m_engineModel(new EngineTableModel(cluster, this))
{
    m_profileView = compactTable(m_profileModel, tr("Cluster profiles"), this);
    m_profileView->setMaximumHeight(110);
    m_engineView = compactTable(m_engineModel, tr("Engines of the running cluster"), this);
    m_engineView->setSelectionMode(QAbstractItemView::NoSelection);

    auto *create = new QPushButton(tr("New profile…"), this);
    m_delete = new QPushButton(tr("Delete profile"), this);
    m_engines = new QSpinBox(this);
    m_engines->setRange(1, 64);
    m_engines->setAccessibleName(tr("Number of engines"));
    m_engines->setToolTip(tr("Engines to start; changing it while the cluster runs adds or removes engines."));
    m_start = new QPushButton(tr("Start"), this);
    m_stop = new QPushButton(tr("Stop"), this);
    m_start->setAccessibleName(tr("Start the cluster"));
    m_stop->setAccessibleName(tr("Stop the cluster"));
    m_status = new QLabel(this);

    auto *profileButtons = new QHBoxLayout;
    profileButtons->addWidget(create);
    profileButtons->addWidget(m_delete);
    profileButtons->addStretch();
    auto *clusterButtons = new QHBoxLayout;
    auto *enginesLabel = new QLabel(tr("&Engines:"), this);
    enginesLabel->setBuddy(m_engines);
    clusterButtons->addWidget(enginesLabel);
    clusterButtons->addWidget(m_engines);
    clusterButtons->addWidget(m_start);
    clusterButtons->addWidget(m_stop);
    clusterButtons->addWidget(m_status, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_profileView);
    layout->addLayout(profileButtons);
    layout->addLayout(clusterButtons);
    layout->addWidget(m_engineView, 1);

    connect(create, &QPushButton::clicked, this, &ClustersPanel::createProfile);
    connect(m_delete, &QPushButton::clicked, this, &ClustersPanel::deleteProfile);
    connect(m_start, &QPushButton::clicked, this, &ClustersPanel::startCluster);
    connect(m_stop, &QPushButton::clicked, this, &ClustersPanel::stopCluster);
    connect(m_profileView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ClustersPanel::handleProfileSelected);
    connect(m_engines, &QSpinBox::valueChanged, this, [this](int count) {
        if (m_cluster->isRunning())
            m_cluster->setEngineCount(count);
    });
    for (auto signal : {&Cluster::engineChanged, &Cluster::engineRemoved})
        connect(m_cluster, signal, this, &ClustersPanel::updateStatus);
    connect(m_cluster, &Cluster::ready, this, &ClustersPanel::updateStatus);

    selectProfile(QStringLiteral("default"));
    updateStatus();
}

QString ClustersPanel::currentProfile() const
{
    const int row = m_profileView->currentIndex().row();
    return row >= 0 ? m_profileModel->profileAt(row).name : QStringLiteral("default");
}

int ClustersPanel::engineCount() const
{
    return m_engines->value();
}

void ClustersPanel::setEngineCount(int engines)
{
    m_engines->setValue(engines);
}

void ClustersPanel::selectProfile(const QString &name)
{
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
    if (!m_cluster->isRunning())
        m_engines->setValue(profile.engines);
    m_delete->setEnabled(profile.name != u"default");
}

void ClustersPanel::startCluster()
{
    if (m_cluster->isRunning())
        return;
    m_runningProfile = currentProfile();
    if (!m_cluster->start(m_engines->value()))
        emit messageOccurred(m_cluster->errorString());
    updateStatus();
}

void ClustersPanel::stopCluster()
{
    m_cluster->stop();
    updateStatus();
}

void ClustersPanel::createProfile()
{
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("New profile"), tr("Profile name:"), QLineEdit::Normal, {}, &ok);
    if (!ok || name.isEmpty())
        return;
    const int engines = QInputDialog::getInt(this, tr("New profile"), tr("Engines:"), m_engines->value(), 1, 256, 1, &ok);
    if (!ok)
        return;
    if (const auto error = m_store.save({name, engines})) {
        emit messageOccurred(*error);
        return;
    }
    m_profileModel->reload();
    selectProfile(name);
}

void ClustersPanel::deleteProfile()
{
    const QString name = currentProfile();
    if (QMessageBox::question(this, tr("Delete profile"), tr("Delete the profile \"%1\"?").arg(name)) != QMessageBox::Yes)
        return;
    if (const auto error = m_store.remove(name))
        emit messageOccurred(*error);
    m_profileModel->reload();
    selectProfile(QStringLiteral("default"));
}

void ClustersPanel::updateStatus()
{
    const auto engines = m_cluster->engines();
    const int connected = m_cluster->connectedCount();
    const bool starting = std::any_of(engines.begin(), engines.end(),
                                      [](const EngineInfo &e) { return e.state == EngineState::Starting; });
    const QString status = !m_cluster->isRunning() ? QStringLiteral("stopped")
                         : starting                ? QStringLiteral("starting")
                                                   : QStringLiteral("running");
    m_profileModel->setRunning(m_runningProfile, status, connected);
    m_status->setText(m_cluster->isRunning() ? tr("%n engine(s) connected", nullptr, connected) : tr("Cluster stopped"));
    m_start->setEnabled(!m_cluster->isRunning());
    m_stop->setEnabled(m_cluster->isRunning());
}

} // namespace qc
