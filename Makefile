# SPDX-License-Identifier: GPL-2.0
#
# Exclusive symbol providers: build the patched kernel out of tree, boot it
# under QEMU, run the demonstration and the tests.  See README.md.

BUILD	?= build
KSRC	?=
DEBUG	?=
OFF	?=
LLVM	?=
SLIM	?=
NOPREEMPT ?=
T	?=
JOBS	?= $(shell nproc)

REPO	:= $(CURDIR)
SRC	:= $(BUILD)/src
OBJ	:= $(BUILD)/obj$(if $(LLVM),-cfi)$(if $(DEBUG),-debug)$(if $(OFF),-off)$(if $(SLIM),-slim)$(if $(NOPREEMPT),-nopreempt)
MODROOT	:= $(OBJ)/modroot
RESULTS	:= $(BUILD)/results
DEB	:= $(BUILD)/deb
KIMAGE	:= $(OBJ)/arch/x86/boot/bzImage
# The kernel as installed beside its modules (modules_install's: signed,
# stripped): what the guests boot, vng finding the modules beside it.
VMLINUZ	:= $(MODROOT)/boot/vmlinuz
FRAGS	:= $(SRC)/kernel/configs/exclusive_vm.config \
	   $(SRC)/tools/testing/selftests/exclusive_symbols/config \
	   $(SRC)/kernel/configs/exclusive_distro.config \
	   $(SRC)/kernel/configs/exclusive_boot.config \
	   $(if $(DEBUG),$(SRC)/kernel/configs/exclusive_debug.config) \
	   $(if $(OFF),$(SRC)/kernel/configs/exclusive_off.config) \
	   $(if $(LLVM),$(SRC)/kernel/configs/exclusive_cfi.config) \
	   $(if $(SLIM),$(SRC)/kernel/configs/exclusive_slim.config) \
	   $(if $(NOPREEMPT),$(SRC)/kernel/configs/exclusive_nopreempt.config)
# LLVM=1: Debian's clang-16 and lld-16, and kCFI (exclusive_cfi.config).
# Named by directory: the plain names are another clang version here.
KLLVM	:= $(if $(LLVM),LLVM=/usr/lib/llvm-16/bin/)
KMAKE	:= $(MAKE) -C $(SRC) O=$(abspath $(OBJ)) ARCH=x86_64 $(KLLVM) -j$(JOBS)
KSFT	:= $(OBJ)/kselftest
TESTMODS := tools/testing/selftests/exclusive_symbols/test_modules
VM	:= $(REPO)/harness/vm.sh

# LLVM reaches no other make, neither through the environment nor through
# MAKEFLAGS: the kernel's Makefile would take it for the unversioned
# clang.  Every make of a kernel tree gets $(KLLVM) instead, and check.sh
# passes LLVM=1 on where it needs to.
export BUILD KSRC DEBUG OFF SLIM NOPREEMPT T REPO SRC OBJ MODROOT RESULTS KIMAGE VM VMLINUZ \
	JOBS KSFT KLLVM
unexport LLVM
MAKEOVERRIDES := $(filter-out LLVM=%,$(MAKEOVERRIDES))

.PHONY: all deps tree config kernel modules testmods run shell check bench \
	export deb image clean distclean help

all: kernel

help:
	@echo 'make run       build, boot the patched kernel, run the demonstration'
	@echo 'make check     build and run every test (T=pattern selects tests)'
	@echo 'make shell     boot the patched kernel to an interactive shell'
	@echo 'make bench     print the benchmark table'
	@echo 'make export    write the change as a git-am series to $(BUILD)/export'
	@echo 'make deb       Debian packages of the kernel and of kmod in $(DEB)'
	@echo 'make image     Debian trixie disk images with them, in $(BUILD)/image'
	@echo 'variables: KSRC=<tree> BUILD=<dir> DEBUG=1 LLVM=1 NOPREEMPT=1 T=<pattern> JOBS=<n>'

deps:
	@harness/deps.sh

# Always re-run: it only rewrites files whose content changed.  A build
# that make check starts while it runs (NOTREE=1) uses the tree as it is:
# the guests run the scripts of that tree.
tree: deps
	@[ -n "$(NOTREE)" ] || harness/prepare-tree.sh $(REPO) $(BUILD) $(KSRC)

$(OBJ)/.config: $(FRAGS) | tree
	@echo '  CONFIG  $(OBJ)'
	@mkdir -p $(OBJ)
	@harness/configure.sh $(SRC) $(abspath $(OBJ)) $(FRAGS)

# LLVM is not passed down by itself (above); the sub-make needs it to
# name the same $(OBJ).
config: tree
	@$(MAKE) --no-print-directory $(OBJ)/.config $(if $(LLVM),LLVM=$(LLVM))

kernel: config
	@echo '  KERNEL  $(OBJ)'
	@$(KMAKE) -s bzImage modules
	@rm -rf $(MODROOT)
	@$(KMAKE) -s modules_install INSTALL_MOD_PATH=$(abspath $(MODROOT)) \
		INSTALL_MOD_STRIP=1 >/dev/null
	@install -D -m 644 $(KIMAGE) $(VMLINUZ)

# The selftests as kselftest installs them: scripts, settings and the
# test modules, built against this kernel and signed with its key.
testmods: kernel
	@echo '  KSFT    $(KSFT)'
	@rm -rf $(KSFT)
	@$(MAKE) -s -C $(SRC)/tools/testing/selftests TARGETS=exclusive_symbols \
		KDIR=$(abspath $(OBJ)) $(KLLVM) INSTALL_PATH=$(abspath $(KSFT)) \
		install >$(OBJ)/kselftest.log 2>&1 || \
		{ cat $(OBJ)/kselftest.log; exit 1; }

run: testmods kmod
	@harness/demo.sh

shell: testmods
	@$(VM) --kernel $(VMLINUZ) --interactive

# check.sh builds the main kernel (testmods kmod) itself, beside the
# second kernel it builds in the background.
check: tree
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

# Debian packages: the kernel as its own bindeb-pkg makes them (without
# the headers and debug packages, which the image does not need, and
# without linux-libc-dev, which would replace the distribution's
# user-space headers), and kmod as Debian builds it (harness/kmod.sh deb),
# all in $(DEB).  The kernel's package then recommends that kmod
# (harness/deb-recommends.sh).  dpkg-buildpackage leaves the kernel's
# beside $(OBJ), in $(BUILD).
DEBFLAGS := KDEB_CHANGELOG_DIST=trixie \
	DPKG_FLAGS=-Ppkg.linux-upstream.nokernelheaders,pkg.linux-upstream.nokerneldbg
deb: kernel
	@$(MAKE) --no-print-directory deb-only

deb-only:
	@echo '  DEB     $(DEB) (the kernel, bindeb-pkg)'
	@rm -f $(BUILD)/linux-*.deb $(BUILD)/linux-upstream_*
	@$(KMAKE) bindeb-pkg $(DEBFLAGS) \
		KDEB_PKGVERSION=$$($(KMAKE) -s kernelrelease)-1 \
		>$(OBJ)/deb.log 2>&1 || { tail -30 $(OBJ)/deb.log; exit 1; }
	@mkdir -p $(DEB) && rm -f $(DEB)/linux-*.deb
	@mv $(BUILD)/linux-image-*.deb $(DEB)/
	@rm -f $(BUILD)/linux-*.deb $(BUILD)/linux-upstream_*
	@harness/kmod.sh deb $(if $(KMOD_TAP),--tap $(KMOD_TAP))
	@harness/deb-recommends.sh $(DEB)

# Debian trixie systems with those packages, on disk images, one whose
# initramfs initramfs-tools makes and one dracut makes
# (harness/debian-image.sh); rebuilt only when their inputs change.
image: deb testmods
	@$(MAKE) --no-print-directory image-only

image-only:
	@harness/debian-image.sh $(BUILD)/image

# make check has built the kernel and the test modules, which its guests
# use meanwhile: it makes the packages and the image with the -only
# targets, which rebuild and reinstall neither.
.PHONY: deb-only image-only

clean:
	rm -rf $(BUILD)/obj $(BUILD)/obj-* $(RESULTS)

distclean:
	chmod -R u+w $(BUILD) 2>/dev/null || true
	rm -rf $(BUILD)

# The build directory of a configuration, for the harness: make print-obj OFF=1
.PHONY: print-obj
print-obj:
	@echo $(abspath $(OBJ))
