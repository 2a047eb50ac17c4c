#pragma once

#include <QStringList>

// `qualcluster profile create|list|show|delete ...`
int runProfileCommand(const QStringList &arguments);
