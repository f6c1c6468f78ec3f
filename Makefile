# SPDX-License-Identifier: GPL-2.0
#
# Exclusive symbol providers: build the patched kernel out of tree, boot it
# under QEMU, run the demonstration and the tests.  See README.md.

BUILD	?= build
KSRC	?=
DEBUG	?=
OFF	?=
T	?=
JOBS	?= $(shell nproc)

REPO	:= $(CURDIR)
SRC	:= $(BUILD)/src
OBJ	:= $(BUILD)/obj$(if $(DEBUG),-debug)$(if $(OFF),-off)
MODROOT	:= $(OBJ)/modroot
RESULTS	:= $(BUILD)/results
KIMAGE	:= $(OBJ)/arch/x86/boot/bzImage
FRAGS	:= $(SRC)/kernel/configs/exclusive_vm.config \
	   $(if $(DEBUG),$(SRC)/kernel/configs/exclusive_debug.config) \
	   $(if $(OFF),$(SRC)/kernel/configs/exclusive_off.config)
KMAKE	:= $(MAKE) -C $(SRC) O=$(abspath $(OBJ)) ARCH=x86_64 -j$(JOBS)
TESTMODS := tools/testing/selftests/exclusive_symbols/test_modules
VM	:= $(SRC)/tools/testing/vm/run-vm.sh

export BUILD KSRC DEBUG OFF T REPO SRC OBJ MODROOT RESULTS KIMAGE VM JOBS

.PHONY: all deps tree config kernel modules testmods run shell check bench \
	export clean distclean help

all: kernel

help:
	@echo 'make run       build, boot the patched kernel, run the demonstration'
	@echo 'make check     build and run every test (T=pattern selects tests)'
	@echo 'make shell     boot the patched kernel to an interactive shell'
	@echo 'make bench     print the benchmark table'
	@echo 'make export    write the change as a git-am series to $(BUILD)/export'
	@echo 'variables: KSRC=<tree> BUILD=<dir> DEBUG=1 T=<pattern> JOBS=<n>'

deps:
	@harness/deps.sh

# Always re-run: it only rewrites files whose content changed.
tree: deps
	@harness/prepare-tree.sh $(REPO) $(BUILD) $(KSRC)

$(OBJ)/.config: $(FRAGS) | tree
	@echo '  CONFIG  $(OBJ)'
	@mkdir -p $(OBJ)
	@harness/configure.sh $(SRC) $(abspath $(OBJ)) $(FRAGS)

config: tree
	@$(MAKE) --no-print-directory $(OBJ)/.config

kernel: config
	@echo '  KERNEL  $(OBJ)'
	@$(KMAKE) -s bzImage modules
	@rm -rf $(MODROOT)
	@$(KMAKE) -s modules_install INSTALL_MOD_PATH=$(abspath $(MODROOT)) \
		INSTALL_MOD_STRIP=1 >/dev/null

testmods: kernel
	@if [ -d $(SRC)/$(TESTMODS) ]; then \
		echo '  TESTMOD $(TESTMODS)'; \
		$(MAKE) -s -C $(abspath $(OBJ)) M=$(abspath $(SRC)/$(TESTMODS)) \
			ARCH=x86_64 modules; \
	fi

run: testmods
	@harness/demo.sh

shell: testmods
	@$(VM) --kernel $(KIMAGE) --modroot $(MODROOT) --interactive -- bash -i

check: testmods kmod
	@harness/check.sh

bench: testmods
	@harness/bench.sh

export: tree
	@harness/export.sh $(REPO) $(BUILD)

# Debian's kmod with the series in patches/kmod/, for the guest's modprobe,
# modinfo and depmod ($(BUILD)/kmod/install/sbin/), and kmod's testsuite.
.PHONY: kmod kmod-check
kmod:
	@harness/kmod.sh build

kmod-check:
	@harness/kmod.sh check --tap $(RESULTS)/tap/kmod.tap

clean:
	rm -rf $(BUILD)/obj $(BUILD)/obj-debug $(RESULTS)

distclean:
	chmod -R u+w $(BUILD) 2>/dev/null || true
	rm -rf $(BUILD)
