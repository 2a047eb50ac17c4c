#include "newprofiledialog.h"

#include "cluster/localcluster.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFontMetrics>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHostInfo>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSpinBox>
#include <QVBoxLayout>

namespace qc {

namespace {

constexpr int kMaxEngines = 256;

QLineEdit *lineEdit(const QString &accessibleName, const QString &placeholder, const QString &toolTip = {})
{
    auto *edit = new QLineEdit;
    edit->setAccessibleName(accessibleName);
    edit->setPlaceholderText(placeholder);
    edit->setToolTip(toolTip);
    edit->setMinimumWidth(340);
    return edit;
}

// Words as QProcess::splitCommand reads them back: quoted when they hold spaces or quotes.
QString joinArguments(const QStringList &words)
{
    QStringList quoted;
    for (QString word : words) {
        if (word.isEmpty() || word.contains(u' ') || word.contains(u'\t') || word.contains(u'"'))
            word = u'"' + word.replace(QStringLiteral("\""), QStringLiteral("\"\"\"")) + u'"';
        quoted.append(word);
    }
    return quoted.join(u' ');
}

QStringList hostList(const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[\\s,]+"));
    return text.split(separators, Qt::SkipEmptyParts);
}

} // namespace

NewProfileDialog::NewProfileDialog(ProfileStore store, QWidget *parent)
    : QDialog(parent)
    , m_store(std::move(store))
{
    setAccessibleName(tr("Cluster profile"));

    m_name = lineEdit(tr("Profile name"), tr("letters, digits, '.', '_' and '-'"));
    m_engines = new QSpinBox;
    m_engines->setRange(1, kMaxEngines);
    m_engines->setValue(ProfileStore::defaultEngineCount());
    m_engines->setAccessibleName(tr("Number of engines"));
    m_launcher = new QComboBox;
    m_launcher->addItem(tr("Local: processes on this machine"), QStringLiteral("local"));
    m_launcher->addItem(tr("Slurm: one batch job per engine"), QStringLiteral("slurm"));
    m_launcher->addItem(tr("SSH: processes on other machines"), QStringLiteral("ssh"));
    m_launcher->setAccessibleName(tr("Launcher"));
    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Engines:"), m_engines);
    form->addRow(tr("&Launcher:"), m_launcher);

    m_partition = lineEdit(tr("Partition"), tr("the cluster's default"));
    m_time = lineEdit(tr("Time limit"), tr("the partition's default, e.g. 01:00:00"),
                      tr("Each job's time limit, as sbatch --time takes it: engines end with their jobs."));
    m_account = lineEdit(tr("Account"), tr("your default account"));
    m_sbatchArgs = lineEdit(tr("Extra sbatch arguments"), QStringLiteral("--mem=2G --qos=short"),
                            tr("Each becomes one more #SBATCH line of the job script; quote one that holds spaces."));
    m_slurmBox = new QGroupBox(tr("Slurm"));
    auto *slurmForm = new QFormLayout(m_slurmBox);
    slurmForm->addRow(tr("&Partition:"), m_partition);
    slurmForm->addRow(tr("&Time limit:"), m_time);
    slurmForm->addRow(tr("&Account:"), m_account);
    slurmForm->addRow(tr("E&xtra sbatch arguments:"), m_sbatchArgs);

    m_hosts = lineEdit(tr("Hosts"), QStringLiteral("node1:4 node2:4"),
                       tr("The machines to start engines on, separated by spaces; HOST:N takes N engines on HOST."));
    m_sshArgs = lineEdit(tr("Extra ssh arguments"), QStringLiteral("-F ~/.ssh/cluster_config"),
                         tr("Given to ssh before the host; BatchMode is always on, so keys or an agent must log in."));
    m_sshBox = new QGroupBox(tr("SSH"));
    auto *sshForm = new QFormLayout(m_sshBox);
    sshForm->addRow(tr("&Hosts:"), m_hosts);
    sshForm->addRow(tr("Extra ssh ar&guments:"), m_sshArgs);

    m_engineCommand = lineEdit(tr("Engine command"), LocalCluster::defaultEngineProgram(),
                               tr("How the other machines start the engine, as shell text; by default this "
                                  "program's engine, at the same path."));
    m_listen = lineEdit(tr("Listen address"), tr("%1, any port").arg(QHostInfo::localHostName()),
                        tr("HOST or HOST:PORT that the engines connect back to."));
    m_sentWithTasks = new QRadioButton(tr("Sent with each tas&k"));
    m_sentWithTasks->setChecked(true);
    m_sentWithTasks->setAccessibleName(tr("Files are sent with each task"));
    m_sharedFs = new QRadioButton(tr("On a shared &filesystem"));
    m_sharedFs->setAccessibleName(tr("Files are on a shared filesystem"));
    m_sharedFs->setToolTip(
        tr("The engines read the files themselves, at the same paths unless a path map says otherwise."));
    auto *data = new QHBoxLayout;
    data->addWidget(m_sentWithTasks);
    data->addWidget(m_sharedFs);
    data->addStretch();
    m_pathMap = lineEdit(tr("Path map"), QStringLiteral("/home/me/data=/shared/data"),
                         tr("LOCAL=REMOTE: a file under LOCAL here is under REMOTE on the engines' machines."));
    m_remoteBox = new QGroupBox(tr("Engines on other machines"));
    auto *remoteForm = new QFormLayout(m_remoteBox);
    remoteForm->addRow(tr("Engine &command:"), m_engineCommand);
    remoteForm->addRow(tr("Liste&n on:"), m_listen);
    remoteForm->addRow(tr("Data:"), data);
    remoteForm->addRow(tr("Path &map:"), m_pathMap);

    m_problem = new QLabel;
    m_problem->setWordWrap(true);
    m_problem->setAccessibleName(tr("What is wrong with the profile"));
    QPalette warning = m_problem->palette();
    warning.setColor(QPalette::WindowText, QColor::fromRgb(0xb00020));
    m_problem->setPalette(warning);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_buttons->button(QDialogButtonBox::Ok)->setAccessibleName(tr("Save the profile"));
    m_showScript = m_buttons->addButton(tr("Show launch &script…"), QDialogButtonBox::HelpRole);
    m_showScript->setAccessibleName(tr("Show launch script"));
    m_showScript->setToolTip(tr("What Start runs or submits for this profile, without starting anything."));

    auto *layout = new QVBoxLayout(this);
    layout->setSizeConstraint(QLayout::SetFixedSize); // fits the launcher's fields as they come and go
    layout->addLayout(form);
    layout->addWidget(m_slurmBox);
    layout->addWidget(m_sshBox);
    layout->addWidget(m_remoteBox);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &NewProfileDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &NewProfileDialog::reject);
    connect(m_showScript, &QPushButton::clicked, this, &NewProfileDialog::showLaunchScript);
    connect(m_launcher, &QComboBox::currentIndexChanged, this, &NewProfileDialog::handleLauncherChanged);
    connect(m_engines, &QSpinBox::valueChanged, this, &NewProfileDialog::handleChanged);
    connect(m_sharedFs, &QRadioButton::toggled, this, &NewProfileDialog::handleChanged);
    for (QLineEdit *edit : {m_name, m_partition, m_time, m_account, m_sbatchArgs, m_hosts, m_sshArgs, m_engineCommand,
                            m_listen, m_pathMap})
        connect(edit, &QLineEdit::textChanged, this, &NewProfileDialog::handleChanged);
    setProfile({{}, ProfileStore::defaultEngineCount()});
}

void NewProfileDialog::setProfile(const Profile &profile, bool editing)
{
    m_editing = editing;
    m_takenNames.clear();
    for (const Profile &saved : m_store.list())
        m_takenNames.append(saved.name);
    setWindowTitle(editing ? tr("Edit Profile \"%1\"").arg(profile.name) : tr("New Profile"));
    m_name->setText(profile.name);
    m_name->setReadOnly(editing);
    m_name->setToolTip(editing ? tr("A saved profile keeps its name; New profile makes one with another name.")
                               : QString());
    m_engines->setValue(profile.engines);
    m_launcher->setCurrentIndex(std::max(0, m_launcher->findData(profile.launcher)));
    m_partition->setText(profile.partition);
    m_time->setText(profile.time);
    m_account->setText(profile.account);
    m_sbatchArgs->setText(joinArguments(profile.sbatchArgs));
    m_hosts->setText(profile.hosts.join(u' '));
    m_sshArgs->setText(joinArguments(profile.sshArgs));
    m_engineCommand->setText(profile.engineCommand);
    m_listen->setText(profile.listen);
    (profile.sharedFilesystem ? m_sharedFs : m_sentWithTasks)->setChecked(true);
    m_pathMap->setText(profile.pathMap);
    handleLauncherChanged();
}

QString NewProfileDialog::launcher() const
{
    return m_launcher->currentData().toString();
}

Profile NewProfileDialog::profile() const
{
    Profile profile;
    profile.name = m_name->text().trimmed();
    profile.engines = m_engines->value();
    profile.launcher = launcher();
    if (profile.launcher == u"slurm") {
        profile.partition = m_partition->text().trimmed();
        profile.time = m_time->text().trimmed();
        profile.account = m_account->text().trimmed();
        profile.sbatchArgs = QProcess::splitCommand(m_sbatchArgs->text());
    } else if (profile.launcher == u"ssh") {
        profile.hosts = hostList(m_hosts->text());
        profile.sshArgs = QProcess::splitCommand(m_sshArgs->text());
    }
    if (profile.isRemote()) {
        profile.engineCommand = m_engineCommand->text().trimmed();
        profile.listen = m_listen->text().trimmed();
        profile.sharedFilesystem = m_sharedFs->isChecked();
        if (profile.sharedFilesystem)
            profile.pathMap = m_pathMap->text().trimmed();
    }
    return profile;
}

std::optional<QString> NewProfileDialog::problem() const
{
    const Profile profile = this->profile();
    if (profile.name.isEmpty())
        return tr("Give the profile a name.");
    if (!ProfileStore::isValidName(profile.name))
        return tr("\"%1\" cannot be a profile name: use letters, digits, '.', '_' and '-', starting with a letter or "
                  "digit.")
            .arg(profile.name);
    if (!m_editing && m_takenNames.contains(profile.name))
        return tr("There is already a profile called \"%1\": choose another name, or edit that one.").arg(profile.name);
    return ProfileStore::check(profile);
}

QString NewProfileDialog::launchScript() const
{
    const Profile profile = this->profile();
    LocalCluster cluster;
    cluster.setProfile(profile);
    return cluster.launchScript(profile.engines);
}

void NewProfileDialog::handleLauncherChanged()
{
    const QString kind = launcher();
    m_slurmBox->setVisible(kind == u"slurm");
    m_sshBox->setVisible(kind == u"ssh");
    m_remoteBox->setVisible(kind != u"local");
    handleChanged();
}

void NewProfileDialog::handleChanged()
{
    m_pathMap->setEnabled(m_sharedFs->isChecked());
    const auto problem = this->problem();
    m_problem->setText(problem.value_or(QString()));
    m_problem->setVisible(problem.has_value());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!problem);
    m_showScript->setEnabled(!problem);
    if (!problem && m_scriptDialog && m_scriptDialog->isVisible())
        refreshScript();
}

void NewProfileDialog::showLaunchScript()
{
    if (problem())
        return;
    if (!m_scriptDialog) {
        m_scriptDialog = new QDialog(this);
        m_scriptDialog->setAccessibleName(tr("Launch script"));
        m_scriptNote = new QLabel(m_scriptDialog);
        m_scriptNote->setWordWrap(true);
        m_script = new QPlainTextEdit(m_scriptDialog);
        m_script->setReadOnly(true);
        m_script->setLineWrapMode(QPlainTextEdit::NoWrap);
        m_script->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        m_script->setAccessibleName(tr("Launch script"));
        auto *close = new QDialogButtonBox(QDialogButtonBox::Close, m_scriptDialog);
        connect(close, &QDialogButtonBox::rejected, m_scriptDialog, &QDialog::reject);
        auto *layout = new QVBoxLayout(m_scriptDialog);
        layout->addWidget(m_scriptNote);
        layout->addWidget(m_script, 1);
        layout->addWidget(close);
    }
    refreshScript();
    if (m_scriptDialog->isVisible()) {
        m_scriptDialog->raise();
        m_scriptDialog->activateWindow();
        return;
    }
    // Opens as large as the script, up to 150 columns and 36 lines; it can be made smaller.
    const QFontMetrics metrics(m_script->font());
    const QStringList lines = m_script->toPlainText().split(u'\n');
    int widest = 0;
    for (const QString &line : lines)
        widest = std::max(widest, metrics.horizontalAdvance(line));
    const int chrome = 2 * m_script->frameWidth() + 2 * int(m_script->document()->documentMargin())
        + m_script->verticalScrollBar()->sizeHint().width();
    const QSize fit(std::min(widest, metrics.horizontalAdvance(u'x') * 150) + chrome,
                    int(std::min<qsizetype>(lines.size(), 36)) * metrics.lineSpacing() + chrome);
    m_script->setMinimumSize(fit);
    m_scriptDialog->adjustSize();
    m_script->setMinimumSize(metrics.horizontalAdvance(u'x') * 40, metrics.lineSpacing() * 6);
    m_scriptDialog->show();
}

void NewProfileDialog::refreshScript()
{
    const Profile profile = this->profile();
    m_scriptDialog->setWindowTitle(tr("Launch Script of \"%1\"").arg(profile.name));
    if (profile.launcher == u"slurm")
        m_scriptNote->setText(tr("Start submits this job script to Slurm; the port and the secret are chosen as the "
                                 "cluster starts."));
    else if (profile.launcher == u"ssh")
        m_scriptNote->setText(tr("Start runs one ssh session per engine; the port and the secret are chosen as the "
                                 "cluster starts."));
    else
        m_scriptNote->setText(tr("Start runs these engine processes on this machine; the socket and the secret are "
                                 "chosen as the cluster starts."));
    m_script->setPlainText(launchScript());
}

void NewProfileDialog::accept()
{
    if (problem())
        return;
    const Profile profile = this->profile();
    if (const auto error = m_store.save(profile)) {
        m_problem->setText(*error); // the dialog stays, with what was typed
        m_problem->show();
        return;
    }
    emit profileSaved(profile);
    QDialog::accept();
}

} // namespace qc
