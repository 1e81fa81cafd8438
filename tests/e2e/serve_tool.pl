#!/usr/bin/env perl
# serve_tool.pl — helpers for the fundguard serve tests (tests/e2e/serve_*.t)
# and bench/serve.sh.  Core Perl only (perl is there for prove).
#
#   gen N PRODUCER [BAD_EVERY]   N fee events with ids PRODUCER-1..N on stdout;
#                                every BAD_EVERY-th line malformed (0: none)
#   send ADDR FILE [RATE] [CUT]  send FILE's lines to ADDR (tcp:HOST:PORT or
#                                unix:PATH), at most RATE lines/s (0: as fast as
#                                possible); with CUT, then send half a line and
#                                wait to be killed
#   sub ADDR OUT [PAUSE_AFTER PAUSE_S]
#                                subscribe: append what arrives to OUT until the
#                                server closes; after PAUSE_AFTER bytes stop
#                                reading for PAUSE_S seconds
#   http METHOD ADDR PATH        one request; body on stdout, "HTTP nnn" on stderr,
#                                exit 0 for 2xx
#   raw ADDR TEXT                send TEXT (\r and \n written as such), then print
#                                everything the server answers until it closes
use strict;
use warnings;
use IO::Socket::INET;
use IO::Socket::UNIX;
use Socket qw(SOL_SOCKET SO_RCVBUF inet_aton pack_sockaddr_in);
use Time::HiRes qw(time sleep);

$| = 1;
my $cmd = shift // die "usage: serve_tool.pl gen|send|sub|http ...\n";

sub connect_to {
    my ($addr, $rcvbuf) = @_;
    my $s;
    for my $try (1 .. 50) {
        if ($addr =~ m{^unix:(.*)$}) {
            $s = IO::Socket::UNIX->new(Type => SOCK_STREAM(), Peer => $1);
        } else {
            (my $hp = $addr) =~ s{^tcp:(//)?}{};
            my ($host, $port) = $hp =~ m{^(.*):(\d+)$} or die "serve_tool: bad address $addr\n";
            $s = IO::Socket::INET->new(Proto => 'tcp');   # not connected yet
            # the receive buffer is set before connecting, so the window
            # scale follows it
            setsockopt($s, SOL_SOCKET, SO_RCVBUF, $rcvbuf) if $s && $rcvbuf;
            $s = undef if $s && !connect($s, pack_sockaddr_in($port, inet_aton($host)));
        }
        return $s if $s;
        sleep 0.1;
    }
    die "serve_tool: cannot connect to $addr: $!\n";
}

if ($cmd eq 'gen') {
    my ($n, $p, $bad) = @ARGV;
    $bad //= 0;
    my @malformed = ('this is not json', '{"type":"fee","time":"2025-03-01 10:00:00"}',
                     '[1,2,3]', '{"type":"fee","id":"x","time":"2025-13-45 99:00:00"}', '');
    for my $i (1 .. $n) {
        if ($bad && $i % $bad == 0) {
            print $malformed[($i / $bad) % @malformed], "\n";
            next;
        }
        my $psn = sprintf("P%04d", ($i * 7 + length($p) * 13 + ord(substr($p, -1))) % 997);
        my $sec = ($i * 3) % 86400;
        my $t = sprintf("2025-03-%02d %02d:%02d:%02d", 1 + int($i / 28800) % 28,
                        int($sec / 3600), int($sec / 60) % 60, $sec % 60);
        my $fen = ($i * 7919 + ord(substr($p, -1))) % 90000 + 50;
        my $amt = sprintf("%d.%02d", int($fen / 100), $fen % 100);
        print qq({"type":"fee","id":"$p-$i","time":"$t","feedetl_sn":"$p-$i","mdtrt_id":"M$psn",),
              qq("psn_no":"$psn","fixmedins_code":"H01","med_list_codg":"X001","cnt":1,),
              qq("pric":$amt,"det_item_fee_sumamt":$amt}\n);
    }
} elsif ($cmd eq 'send') {
    my ($addr, $file, $rate, $cut) = @ARGV;
    $rate //= 0;
    my $s = connect_to($addr);
    open my $in, '<', $file or die "serve_tool: $file: $!\n";
    my $t0 = time;
    my ($n, $buf) = (0, '');
    if (!$rate && !$cut) {          # as fast as possible: whole blocks
        while (sysread($in, $buf, 1 << 16)) {
            print $s $buf or die "serve_tool: send: $!\n";
        }
        close $s;
        exit 0;
    }
    while (my $line = <$in>) {
        $buf .= $line;
        $n++;
        if ($rate) {
            if ($n % 50 == 0) {
                print $s $buf or die "serve_tool: send: $!\n";
                $buf = '';
                my $ahead = $t0 + $n / $rate - time;
                sleep $ahead if $ahead > 0;
            }
        } elsif (length($buf) >= 65536) {
            print $s $buf or die "serve_tool: send: $!\n";
            $buf = '';
        }
    }
    print $s $buf or die "serve_tool: send: $!\n" if length $buf;
    if ($cut) {
        print $s '{"type":"fee","id":"cut-1","time":"2025-03-01 10:0';
        $s->flush;
        print "sent\n";
        sleep 3600;
    }
    close $s;
} elsif ($cmd eq 'sub') {
    my ($addr, $out, $pause_after, $pause_s) = @ARGV;
    my $s = connect_to($addr, 65536);   # a small window: the daemon feels a pause
    open my $o, '>>', $out or die "serve_tool: $out: $!\n";
    $o->autoflush(1);
    my $got = 0;
    my $paused = 0;
    while (1) {
        my $r = sysread($s, my $chunk, 65536);
        last unless $r;
        print $o $chunk;
        $got += $r;
        if (defined $pause_after && !$paused && $got >= $pause_after) {
            $paused = 1;
            print STDERR "serve_tool: pausing after $got bytes\n";
            sleep $pause_s;
            print STDERR "serve_tool: reading again\n";
        }
    }
} elsif ($cmd eq 'http') {
    my ($method, $addr, $path) = @ARGV;
    my $s = connect_to($addr);
    print $s "$method $path HTTP/1.1\r\nHost: fundguard\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    local $/;
    my $resp = <$s> // '';
    my ($head, $body) = split /\r\n\r\n/, $resp, 2;
    my ($code) = ($head // '') =~ m{^HTTP/1\.\d (\d+)};
    $code //= 0;
    print STDERR "HTTP $code\n";
    print $body // '';
    exit($code >= 200 && $code < 300 ? 0 : 1);
} elsif ($cmd eq 'raw') {
    my ($addr, $text) = @ARGV;
    my $s = connect_to($addr);
    $text =~ s/\\r/\r/g;
    $text =~ s/\\n/\n/g;
    print $s $text;
    shutdown($s, 1);
    local $/;
    print <$s> // '';
} else {
    die "serve_tool: unknown command $cmd\n";
}
