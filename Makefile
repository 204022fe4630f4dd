# Skyscope OS — one Makefile for the kernel, user programs, host tools,
# tests and benchmarks. Everything it makes lands in build/.
#
#   make          kernel, programs, tools, boot bundle, GRUB ISO
#   make run      boot in QEMU on the serial console (Ctrl-A X quits)
#   make test     host unit tests + QEMU scenarios; last line "N passed, N failed"
#   make bench    in-guest instruction counts beside Linux's
#   make fuzz     longer fuzzing of the parsers of untrusted bytes
#   make fuzz-zstd  lib/zstd against libzstd under libFuzzer (FUZZ_SECONDS=600)
#
# CC=clang works as well as the default gcc.

ifeq ($(origin CC),default)
CC := gcc
endif
LD ?= ld
B := build
# V=1 shows the full compiler command lines.
Q := $(if $(V),,@)

IS_CLANG := $(shell $(CC) --version 2>/dev/null | grep -q clang && echo 1)
WARN := -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -Wstrict-prototypes \
	-Wpointer-arith -Wvla -Wno-unused-function
COMMON := -std=c11 -g -Iinclude -Ilib -I$(B)/sila -MMD -MP $(WARN)
ifeq ($(IS_CLANG),1)
NO_FPU := -mno-mmx -mno-sse -mno-sse2 -mno-80387
else
NO_FPU := -mgeneral-regs-only
endif

KERNEL_CFLAGS := $(COMMON) -O2 -Ikernel -I. -ffreestanding -fno-stack-protector -fno-pic -fno-pie \
	-mno-red-zone $(NO_FPU) -mcmodel=kernel -fno-omit-frame-pointer \
	-fno-asynchronous-unwind-tables
USER_CFLAGS := $(COMMON) -O2 -Iuser/rt -Itests/qemu/lib -I$(B)/test -ffreestanding -fno-stack-protector \
	-fno-pic -fno-pie -fno-asynchronous-unwind-tables
HOST_CFLAGS := $(COMMON) -O2 -Itools -D_DEFAULT_SOURCE
SAN_CFLAGS := $(COMMON) -O1 -Itools -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -D_DEFAULT_SOURCE
LDFLAGS_BARE := -nostdlib -static -z max-page-size=0x1000 -z noexecstack

# lib/pkg needs the codecs silac generates from sila/, which silac itself
# must not: it is linked only where wanted (PKG_SRC).
LIB_SRC := $(filter-out lib/pkg/%,$(wildcard lib/*/*.c))
PKG_SRC := $(wildcard lib/pkg/*.c)

# ---- SILA: sila/*.sila -> build/sila/sila_PKG.{h,c} and PKG_PROTOCOL.pml ----------
# silac rewrites only outputs that change, so an edit recompiles what it touches;
# sila_packages.c lists every package (docs/sila.md).
SILA_SRC := $(wildcard sila/*.sila)
SILA_GEN_C := $(patsubst sila/%.sila,$(B)/sila/sila_%.c,$(SILA_SRC)) $(B)/sila/sila_packages.c
# Models are remade each time, so none outlives its protocol (make test checks them all).
$(B)/sila/.stamp: $(SILA_SRC) $(B)/bin/silac
	@mkdir -p $(@D)
	@rm -f $(@D)/*.pml
	$(B)/bin/silac $(SILA_SRC) -o $(@D)
	@touch $@
$(SILA_GEN_C) $(SILA_GEN_C:.c=.h): $(B)/sila/.stamp ;

# ---- kernel ----------------------------------------------------------------
# The filesystem core runs in a user-space server, never in the kernel.
KERNEL_SRC := $(wildcard kernel/*.c kernel/arch/x86_64/*.c kernel/arch/x86_64/*.S) \
	$(filter-out lib/skyaifs/%,$(LIB_SRC))
KERNEL_OBJ := $(patsubst %,$(B)/kernel/%.o,$(KERNEL_SRC))

$(B)/kernel/%.c.o: %.c
	@mkdir -p $(@D)
	$(Q)$(CC) $(KERNEL_CFLAGS) -c $< -o $@
$(B)/kernel/%.S.o: %.S
	@mkdir -p $(@D)
	$(Q)$(CC) $(KERNEL_CFLAGS) -c $< -o $@

$(B)/skyscope.elf: $(KERNEL_OBJ) kernel/arch/x86_64/kernel.ld
	$(LD) $(LDFLAGS_BARE) -T kernel/arch/x86_64/kernel.ld -o $@ $(KERNEL_OBJ)

# ---- user programs ---------------------------------------------------------
RT_SRC := $(wildcard user/rt/*.c user/rt/*.S) $(LIB_SRC) $(SILA_GEN_C) $(PKG_SRC)
RT_OBJ := $(patsubst %,$(B)/user/%.o,$(filter-out user/rt/crt0.S,$(RT_SRC)))
CRT0 := $(B)/user/user/rt/crt0.S.o
TESTLIB_OBJ := $(patsubst %,$(B)/user/%.o,$(wildcard tests/qemu/lib/*.c))

# Programs may include generated SILA headers: generate them first.
$(B)/user/%.c.o: %.c | $(B)/sila/.stamp
	@mkdir -p $(@D)
	$(Q)$(CC) $(USER_CFLAGS) -c $< -o $@
$(B)/user/%.S.o: %.S
	@mkdir -p $(@D)
	$(Q)$(CC) $(USER_CFLAGS) -c $< -o $@
$(B)/user/librt.a: $(RT_OBJ)
	@rm -f $@
	ar rcs $@ $^

# A program is one .c file; the linker script comes from user/rt unless the
# program has its own beside it (NAME.ld).
USER_PROGS := init hello
TEST_PROGS := $(basename $(notdir $(wildcard tests/qemu/*.c)))
define user_prog
$(B)/guest/$(1).elf: $(B)/user/user/$(1)/$(1).c.o $(CRT0) $(B)/user/librt.a user/rt/user.ld
	@mkdir -p $$(@D)
	$(LD) $(LDFLAGS_BARE) -T user/rt/user.ld -o $$@ $(CRT0) $$< $(B)/user/librt.a
endef
$(foreach p,$(USER_PROGS),$(eval $(call user_prog,$(p))))
$(B)/test/guest/%.elf: $(B)/user/tests/qemu/%.c.o $(TESTLIB_OBJ) $(CRT0) $(B)/user/librt.a user/rt/user.ld
	@mkdir -p $(@D)
	$(LD) $(LDFLAGS_BARE) -T $(if $(wildcard tests/qemu/$*.ld),tests/qemu/$*.ld,user/rt/user.ld) \
		-o $@ $(CRT0) $< $(TESTLIB_OBJ) $(B)/user/librt.a

# Tests that aim at kernel addresses take them from the kernel just built.
$(B)/test/kernel_symbols.h: $(B)/skyscope.elf
	@mkdir -p $(@D)
	nm $< | awk '$$3 == "kmain" || $$3 == "log_threshold" { \
		printf "#define KERNEL_SYMBOL_%s 0x%sull\n", $$3, $$1 }' > $@
$(B)/user/tests/qemu/h_fault.c.o $(B)/user/tests/qemu/t_faults.c.o \
	$(B)/user/tests/qemu/t_syscall_args.c.o: $(B)/test/kernel_symbols.h

# ---- benchmark programs ----------------------------------------------------------
$(B)/bench/guest/bench.elf: $(B)/user/bench/guest/bench.c.o $(CRT0) $(B)/user/librt.a user/rt/user.ld
	@mkdir -p $(@D)
	$(LD) $(LDFLAGS_BARE) -T user/rt/user.ld -o $@ $(CRT0) $< $(B)/user/librt.a
$(B)/bench/bundle.skb: $(TOOLS) $(B)/guest/init.elf $(B)/bench/guest/bench.elf
	$(B)/bin/skybundle -o $@ $(B)/guest/init.elf $(B)/bench/guest/bench.elf

# ---- host tools --------------------------------------------------------------
SAN_LIB_OBJ := $(patsubst %,$(B)/san/%.o,$(filter-out lib/base/string.c,$(LIB_SRC)))
$(B)/host/%.c.o: %.c
	@mkdir -p $(@D)
	$(Q)$(CC) $(HOST_CFLAGS) -c $< -o $@
HOST_LIB_OBJ := $(patsubst %,$(B)/host/%.o,$(filter-out lib/base/string.c,$(LIB_SRC)))
TOOLS_COMMON := $(wildcard tools/common/*.c)
# lib/pkg with the SILA codecs, for the supply-chain tools and tests.
HOST_PKG_OBJ := $(patsubst %,$(B)/host/%.o,$(PKG_SRC) $(SILA_GEN_C))
SAN_PKG_OBJ := $(patsubst %,$(B)/san/%.o,$(PKG_SRC) $(SILA_GEN_C))
$(HOST_PKG_OBJ) $(SAN_PKG_OBJ) $(patsubst %,$(B)/user/%.o,$(PKG_SRC)): $(B)/sila/.stamp

# host_tool NAME, SOURCES: $(B)/bin/NAME, and $(B)/san/bin/NAME with the
# sanitizers for the tests to drive.
define host_tool
$(B)/bin/$(1): $(patsubst %,$(B)/host/%.o,$(2)) $(HOST_LIB_OBJ)
	@mkdir -p $$(@D)
	$(CC) $(HOST_CFLAGS) -o $$@ $$^ -lz $(3)
$(B)/san/bin/$(1): $(patsubst %,$(B)/san/%.o,$(2)) $(SAN_LIB_OBJ)
	@mkdir -p $$(@D)
	$(Q)$(CC) $(SAN_CFLAGS) -o $$@ $$^ -lz $(3)
endef
$(eval $(call host_tool,skybundle,tools/skybundle.c $(TOOLS_COMMON)))
$(eval $(call host_tool,skycrypt,$(wildcard tools/skycrypt/*.c) $(TOOLS_COMMON)))
$(eval $(call host_tool,skyzstd,$(wildcard tools/skyzstd/*.c) $(TOOLS_COMMON),-lzstd))
$(eval $(call host_tool,mkbadelf,tests/tools/mkbadelf.c tests/tools/badelf_cases.c))
$(eval $(call host_tool,acvpcheck,tests/tools/acvpcheck.c $(TOOLS_COMMON)))
$(eval $(call host_tool,zstdcheck,tests/tools/zstdcheck.c))
$(eval $(call host_tool,zstd_roundtrip,tests/zstd/roundtrip.c,-lzstd))
SKYAIFS_TOOL_COMMON := tools/skyaifs/image.c $(TOOLS_COMMON)
$(eval $(call host_tool,mkfs.skyaifs,tools/skyaifs/mkfs.c $(SKYAIFS_TOOL_COMMON)))
$(eval $(call host_tool,fsck.skyaifs,tools/skyaifs/fsck.c $(SKYAIFS_TOOL_COMMON)))
$(eval $(call host_tool,skyaifs-tool,tools/skyaifs/tool.c $(SKYAIFS_TOOL_COMMON)))
SKYAIFS_TOOLS := $(B)/bin/mkfs.skyaifs $(B)/bin/fsck.skyaifs $(B)/bin/skyaifs-tool
$(eval $(call host_tool,silac,$(wildcard tools/silac/*.c) $(TOOLS_COMMON)))
PKG_TOOL_SRC := $(wildcard tools/pkgtool/*.c) $(TOOLS_COMMON) $(PKG_SRC) $(SILA_GEN_C)
$(eval $(call host_tool,skypack,tools/skypack.c $(PKG_TOOL_SRC),-lzstd))
$(eval $(call host_tool,skyimage,tools/skyimage.c $(PKG_TOOL_SRC)))
$(eval $(call host_tool,skyrepo,tools/skyrepo.c $(PKG_TOOL_SRC)))
$(eval $(call host_tool,mkbadpkg,tests/tools/mkbadpkg.c $(PKG_TOOL_SRC),-lzstd))
PKG_TOOLS := $(B)/bin/skypack $(B)/bin/skyimage $(B)/bin/skyrepo
# Whatever includes lib/pkg's header needs the generated SILA headers first.
PKG_USERS := tools/skypack.c tools/skyimage.c tools/skyrepo.c $(wildcard tools/pkgtool/*.c) \
	tests/tools/mkbadpkg.c bench/host/pkg.c
$(foreach v,host san,$(patsubst %,$(B)/$(v)/%.o,$(PKG_USERS))): $(B)/sila/.stamp
TOOLS := $(B)/bin/skybundle $(B)/bin/skycrypt $(B)/bin/skyzstd $(B)/bin/silac $(SKYAIFS_TOOLS) \
	$(PKG_TOOLS)
# The SKYAIFS FUSE daemon, with libfuse3 (Debian's libfuse3-dev).
FUSE_CFLAGS = $(shell pkg-config --cflags fuse3)
$(eval $(call host_tool,skyaifs-fuse,tools/skyaifs/fuse.c tools/skyaifs/fuse_ops.c tools/skyaifs/image.c $(TOOLS_COMMON),\
	$(shell pkg-config --libs fuse3)))
$(B)/host/tools/skyaifs/fuse.c.o $(B)/host/tools/skyaifs/fuse_ops.c.o: HOST_CFLAGS += $(FUSE_CFLAGS)
$(B)/san/tools/skyaifs/fuse.c.o $(B)/san/tools/skyaifs/fuse_ops.c.o: SAN_CFLAGS += $(FUSE_CFLAGS)
TOOLS += $(B)/bin/skyaifs-fuse
# Exhaustive bit flips through ML-DSA and ML-KEM inputs (tests/crypto/run.sh), optimised.
$(B)/test/flips: $(B)/host/tests/crypto/flips.c.o $(HOST_LIB_OBJ)
	@mkdir -p $(@D)
	$(Q)$(CC) $(HOST_CFLAGS) -o $@ $^

# Host benchmarks of lib/crypto and lib/zstd (bench/run.sh).
$(B)/bench/zstd: $(B)/host/bench/host/zstd.c.o $(HOST_LIB_OBJ)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -o $@ $^ -lzstd
$(B)/bench/pkg: $(B)/host/bench/host/pkg.c.o $(HOST_PKG_OBJ) $(B)/host/tools/common/file.c.o $(HOST_LIB_OBJ)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -o $@ $^ -lz
$(B)/bench/crypto: $(B)/host/bench/host/crypto.c.o $(HOST_LIB_OBJ)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -o $@ $^

# bench/fs.sh: libfuse's passthrough_ll example (Debian ships its source; built, not copied) and
# the metadata load.
$(B)/bench/passthrough_ll: /usr/share/doc/libfuse3-dev/examples/passthrough_ll.c
	@mkdir -p $(@D)
	$(CC) -O2 -Wall $(FUSE_CFLAGS) -o $@ $< $(shell pkg-config --libs fuse3)
$(B)/bench/fsmeta: $(B)/host/bench/host/fsmeta.c.o
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -o $@ $^

TEST_TOOLS := $(B)/san/bin/skycrypt $(B)/bin/acvpcheck $(B)/san/bin/zstdcheck $(B)/san/bin/skyzstd \
	$(B)/san/bin/zstd_roundtrip $(B)/san/bin/silac $(SKYAIFS_TOOLS:$(B)/bin/%=$(B)/san/bin/%) \
	$(B)/san/bin/skypack $(B)/san/bin/skyimage $(B)/san/bin/skyrepo $(B)/bin/mkbadpkg

# ---- host unit tests and fuzz targets (sanitizers on) -------------------------
$(B)/san/%.c.o: %.c | $(B)/sila/.stamp
	@mkdir -p $(@D)
	$(Q)$(CC) $(SAN_CFLAGS) -Itests/host -Itests/tools -c $< -o $@
HOST_TESTS := $(basename $(notdir $(wildcard tests/host/test_*.c)))
FUZZ_TARGETS := $(basename $(notdir $(wildcard tests/fuzz/fuzz_*.c)))
$(B)/hosttest/%: $(B)/san/tests/host/%.c.o $(SAN_LIB_OBJ) $(B)/san/tests/tools/badelf_cases.c.o
	@mkdir -p $(@D)
	$(Q)$(CC) $(SAN_CFLAGS) -o $@ $^
$(B)/fuzz/%: $(B)/san/tests/fuzz/%.c.o $(B)/san/tests/fuzz/driver.c.o $(SAN_LIB_OBJ)
	@mkdir -p $(@D)
	$(Q)$(CC) $(SAN_CFLAGS) -o $@ $^ -lz $(FUZZ_LIBS)
$(B)/fuzz/fuzz_zstd_oracle: FUZZ_LIBS := -lzstd
# The ACVP answerer is skycrypt's, without its main().
$(B)/fuzz/fuzz_acvp: $(patsubst %,$(B)/san/%.o,$(filter-out %/skycrypt.c %/commands.c,\
	$(wildcard tools/skycrypt/*.c)) $(TOOLS_COMMON))
# The SILA codecs generated from sila/ (test_sila, fuzz_sila; user programs get them in librt).
SILA_SAN_OBJ := $(patsubst %,$(B)/san/%.o,$(SILA_GEN_C))
$(B)/hosttest/test_sila $(B)/fuzz/fuzz_sila: $(SILA_SAN_OBJ)
# lib/pkg's tests and fuzz target.
$(B)/hosttest/test_pkg $(B)/fuzz/fuzz_pkg: $(SAN_PKG_OBJ)
# test_drbg also checks the host entropy source that seeds the DRBG in tools.
$(B)/hosttest/test_drbg: $(B)/san/tools/common/entropy.c.o
# The SKYAIFS tests run lib/skyaifs over an in-memory device and check it against a model of
# the tree (tests/host/skyaifs_memdev.c, skyaifs_model.c).
SKYAIFS_TEST_OBJ := $(B)/san/tests/host/skyaifs_memdev.c.o $(B)/san/tests/host/skyaifs_model.c.o
$(patsubst %,$(B)/hosttest/%,$(filter test_skyaifs_%,$(HOST_TESTS))): $(SKYAIFS_TEST_OBJ)
# The constant-time test: lib/crypto with CRYPTO_CT_TEST (valgrind client
# requests marking secrets), no sanitizers, the optimisation it ships with.
CT_OBJ := $(patsubst %,$(B)/ct/%.o,$(wildcard lib/crypto/*.c) tests/crypto/ct_check.c)
$(B)/ct/%.c.o: %.c
	@mkdir -p $(@D)
	$(Q)$(CC) $(COMMON) -O2 -DCRYPTO_CT_TEST -c $< -o $@
$(B)/test/ct_check: $(CT_OBJ)
	@mkdir -p $(@D)
	$(Q)$(CC) $(COMMON) -O2 -o $@ $^
# POSIX behaviour through the FUSE mount, against tmpfs (tests/skyaifs/fuse.sh).
$(B)/test/posix_compare $(B)/test/fuse_odd: $(B)/test/%: tests/skyaifs/%.c
	@mkdir -p $(@D)
	$(Q)$(CC) $(HOST_CFLAGS) -o $@ $<
host-tests: $(B)/test/posix_compare $(B)/test/fuse_odd $(B)/san/bin/skyaifs-fuse
host-tests: $(B)/sila/.stamp $(HOST_TESTS:%=$(B)/hosttest/%) $(FUZZ_TARGETS:%=$(B)/fuzz/%) $(TEST_TOOLS) $(B)/test/ct_check $(B)/test/flips

# The example repository, from test keys made at build time (scripts/example-repo.sh).
$(B)/repo/.stamp: $(PKG_TOOLS) $(B)/guest/hello.elf scripts/example-repo.sh $(wildcard examples/*)
	scripts/example-repo.sh $(B)/bin $(B)/guest/hello.elf $(B)/repo $(B)/repo-keys >$(B)/repo.log
	@touch $@

# ---- boot images -------------------------------------------------------------
$(B)/bundle.skb: $(TOOLS) $(USER_PROGS:%=$(B)/guest/%.elf)
	$(B)/bin/skybundle -o $@ $(USER_PROGS:%=$(B)/guest/%.elf)

$(B)/test/badelf.stamp: $(B)/bin/mkbadelf $(B)/guest/hello.elf
	@mkdir -p $(B)/test/badelf
	$(B)/bin/mkbadelf $(B)/guest/hello.elf $(B)/test/badelf
	@touch $@
# A compressed, wrapped module for t_zstd to unpack inside Skyscope.
$(B)/test/hello.skz: $(B)/bin/skyzstd $(B)/guest/hello.elf
	@mkdir -p $(@D)
	$(B)/bin/skyzstd --wrap -L 19 $(B)/guest/hello.elf -o $@
# Packages and a repository for t_pkg, with the host tool's verdict on each.
$(B)/test/pkgcases/.stamp: $(PKG_TOOLS) $(B)/bin/mkbadpkg $(B)/guest/hello.elf tests/pkg/guest_cases.sh \
		examples/hello.manifest examples/demo.image
	tests/pkg/guest_cases.sh $(B)/bin $(B)/guest/hello.elf $(@D)
	@touch $@
$(B)/user/tests/qemu/t_pkg.c.o: $(B)/sila/.stamp
$(B)/test/bundle.skb: $(TOOLS) $(USER_PROGS:%=$(B)/guest/%.elf) $(TEST_PROGS:%=$(B)/test/guest/%.elf) \
		$(B)/test/badelf.stamp $(B)/test/hello.skz $(B)/test/pkgcases/.stamp
	$(B)/bin/skybundle -o $@ $(USER_PROGS:%=$(B)/guest/%.elf) $(TEST_PROGS:%=$(B)/test/guest/%.elf) \
		$(wildcard $(B)/test/badelf/*.elf) $(B)/test/hello.skz $(B)/test/pkgcases/pkgt_*

$(B)/skyscope.iso: $(B)/skyscope.elf $(B)/bundle.skb boot/grub.cfg
	@rm -rf $(B)/iso && mkdir -p $(B)/iso/boot/grub
	cp $(B)/skyscope.elf $(B)/bundle.skb $(B)/iso/boot/
	cp boot/grub.cfg $(B)/iso/boot/grub/grub.cfg
	grub-mkrescue -o $@ $(B)/iso 2>$(B)/grub-mkrescue.log || (cat $(B)/grub-mkrescue.log; exit 1)

$(B)/test/skyscope-test.iso: $(B)/skyscope.elf $(B)/test/bundle.skb $(B)/guest/hello.elf tests/grub-test.cfg
	@rm -rf $(B)/test/iso && mkdir -p $(B)/test/iso/boot/grub
	cp $(B)/skyscope.elf $(B)/test/bundle.skb $(B)/guest/hello.elf $(B)/test/iso/boot/
	cp tests/grub-test.cfg $(B)/test/iso/boot/grub/grub.cfg
	grub-mkrescue -o $@ $(B)/test/iso 2>$(B)/test/grub-mkrescue.log || \
		(cat $(B)/test/grub-mkrescue.log; exit 1)

# ---- top-level targets -------------------------------------------------------
.PHONY: all run test bench fuzz fuzz-zstd clean deps host-tests format
FORMATTED = $(shell git ls-files --cached --others --exclude-standard '*.c' '*.h' 2>/dev/null)
.SECONDARY:
all: $(B)/skyscope.elf $(B)/bundle.skb $(TOOLS) $(B)/skyscope.iso $(B)/repo/.stamp

QEMU := qemu-system-x86_64 -accel tcg -cpu max -m 256M -smp 1 -no-reboot
run: deps $(B)/skyscope.elf $(B)/bundle.skb
	$(QEMU) -nographic -kernel $(B)/skyscope.elf -initrd $(B)/bundle.skb -append "$(CMDLINE)"

deps:
	@scripts/deps.sh

test: deps all $(B)/test/bundle.skb $(B)/test/skyscope-test.iso host-tests
	@B=$(B) tests/run.sh

bench: deps all $(B)/bench/bundle.skb $(B)/bench/crypto $(B)/bench/zstd $(B)/bench/pkg
bench: $(B)/bin/skyaifs-fuse $(B)/bench/passthrough_ll $(B)/bench/fsmeta
	@B=$(B) bench/run.sh

fuzz: all host-tests $(B)/test/bundle.skb
	@B=$(B) tests/fuzz/run.sh $(or $(FUZZ_ITERATIONS),10000000)

# Coverage-guided fuzzing of lib/zstd against libzstd with clang's libFuzzer,
# for FUZZ_SECONDS (default 600); the corpus grows in build/libfuzzer/zstd.
$(B)/libfuzzer/zstd_oracle: tests/fuzz/fuzz_zstd_oracle.c $(wildcard lib/zstd/*.c lib/zstd/*.h)
	@mkdir -p $(@D)
	clang -std=c11 -g -O1 -Iinclude -Ilib -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -o $@ tests/fuzz/fuzz_zstd_oracle.c $(wildcard lib/zstd/*.c) -lzstd
fuzz-zstd: $(B)/libfuzzer/zstd_oracle
	@mkdir -p $(B)/libfuzzer/zstd && cp tests/fuzz/seeds/zstd-*.zst tests/zstd/vectors/*/*.zst $(B)/libfuzzer/zstd/
	$(B)/libfuzzer/zstd_oracle -max_total_time=$(or $(FUZZ_SECONDS),600) -print_final_stats=1 \
		-max_len=65536 $(B)/libfuzzer/zstd

format:
	clang-format -i $(FORMATTED)

clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
