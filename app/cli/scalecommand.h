// `qualcluster scale`: the scaling study from the command line.
#pragma once

#include <QStringList>

int runScaleCommand(const QStringList &arguments);
