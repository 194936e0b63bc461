// PHP Composer: composer.lock (scope kLockfile; application type "composer"), with composer.json
// next to it when the target offers siblings (it makes required packages direct), and
// vendor/composer/installed.json (scope kInstalled; type "composer-vendor").
#pragma once

#include "scry/analyzer/analyzer.hpp"

namespace scry::analyzer::lang::php {

void RegisterComposer(Registry& registry);
void RegisterComposerVendor(Registry& registry);

}  // namespace scry::analyzer::lang::php
