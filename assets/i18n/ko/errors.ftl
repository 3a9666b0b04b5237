# fieldvault 오류: 한국어. 모든 오류에는 무슨 일이 있었는지(err-ID)와 무엇을 할지(rec-ID)가
# 있습니다. ../en/errors.ftl 과 같은 id 를 가져야 합니다(테스트가 확인). 인자는 경로, 코드,
# 개수 같은 자료일 뿐 증언 내용이 아닙니다. $detail(운영체제의 영어 메시지 등 번역할 수 없는
# 기술 정보)은 여기서 쓰지 않습니다. 앱이 "기술 정보" 아래에 따로 보여 줍니다.

## 보관함

err-wrong-passphrase = 암호 문구로 보관함을 열 수 없습니다(아무것도 바뀌지 않았습니다)
rec-wrong-passphrase = 한/영 입력 상태를 확인하고 다시 입력하세요
err-passphrase-too-short = 새 암호 문구가 너무 짧습니다
rec-passphrase-too-short = { $min }자 이상으로 하세요(서로 관계없는 단어 여러 개가 좋습니다)
err-not-a-vault = { $path } 는 fieldvault 보관함이 아닙니다(vault.header 가 없습니다)
rec-not-a-vault = 보관함 폴더를 확인하거나, 새 보관함을 만드세요(`fieldvault --vault { $path } init`)
err-no-such-folder = { $path } 폴더가 없습니다
rec-no-such-folder = 보관함 폴더를 확인하거나, 새 보관함을 만드세요(`fieldvault --vault { $path } init`)
err-not-empty = { $path } 에 이미 파일이 있습니다
rec-not-empty = 새 보관함에는 비어 있거나 새로운 폴더가 필요합니다
err-vault-header = vault.header: { $cause }
rec-vault-header = { $cause_todo }
err-wrong-role = { $operation ->
    [import-bundles] 번들 가져오기는
    [import-receipts] 수령증 가져오기는
    [export-bundles] 번들 내보내기는
    [export-hq-key] 본부 키 내보내기는
    [wipe-delivered] 전달된 면담 삭제는
    [analysis] 기록 분석(통계, 분석용 내보내기, 공개 자료)은
   *[review] 가져오기 검토는
  } { $needed ->
    [field] 현장 노트북
   *[headquarters] 본부
  } 보관함에서 합니다. 이 보관함은 { $this ->
    [field] 현장 노트북
   *[headquarters] 본부
  } 보관함입니다
rec-wrong-role = { $this ->
    [field] 현장 노트북은 면담을 기록해 본부로 내보냅니다
   *[headquarters] 본부는 현장 노트북의 번들을 가져오고 수령증으로 답합니다
  }

## 보관함 머리 파일(vault.header)

err-header-wrong-passphrase = 암호 문구로 보관함을 열 수 없습니다
rec-header-wrong-passphrase = 한/영 입력 상태를 확인하고 다시 입력하세요
err-header-not-a-header = fieldvault 의 머리 파일이 아닙니다(첫 줄이 다릅니다)
rec-header-not-a-header = 보관함 폴더를 확인하세요
err-header-newer-version = 더 새로운 fieldvault 가 쓴 파일입니다(머리 파일 형식 v{ $version })
rec-header-newer-version = 이 보관함을 열려면 fieldvault 를 업데이트하세요
err-header-damaged = 손상되었습니다
rec-header-damaged = 백업에서 vault.header 를 복원하세요
err-kdf-out-of-bounds = 키 유도 설정 `{ $setting }` = { $value } 이(가) 허용 범위 { $min }..={ $max } 밖에 있습니다
rec-kdf-out-of-bounds = 손상되었거나 조작된 머리 파일이 메모리나 시간을 무한정 쓰게 하지 못하도록 거부했습니다. 백업에서 vault.header 를 복원하세요
err-kdf-out-of-memory = 키를 만들 메모리가 부족합니다({ $mib } MiB 필요)
rec-kdf-out-of-memory = 다른 프로그램을 닫고 다시 시도하세요
err-kdf-argon2 = 키 유도(Argon2)가 입력을 거부했습니다
rec-kdf-argon2 = 백업에서 vault.header 를 복원하고, 기관의 기술 담당자에게 알리세요

## 손상

err-damage-database-missing = { $path } 가 없습니다
rec-damage-database-missing = 백업에서 보관함을 복원하세요
err-damage-database-other = { $path } 는 이 vault.header 의 데이터베이스가 아니거나 손상되었습니다
rec-damage-database-other = 백업에서 보관함을 복원하세요
err-damage-database = 보관함이 손상되었습니다: { $path }
rec-damage-database = 백업에서 보관함을 복원하세요
err-damage-role = 보관함이 손상되었습니다: 현장 보관함인지 본부 보관함인지 기록이 없습니다
rec-damage-role = 백업에서 보관함을 복원하세요
err-damage-no-revisions = 보관함이 손상되었습니다: 면담 { $interview } 에 판(版)이 하나도 없습니다
rec-damage-no-revisions = 백업에서 보관함을 복원하세요
err-damage-revision-unreadable = 보관함이 손상되었습니다: { $code } 의 { $revision }판을 읽을 수 없습니다
rec-damage-revision-unreadable = 백업에서 보관함을 복원하세요
err-damage-no-keys = 보관함이 손상되었습니다: 보관함의 키가 없습니다
rec-damage-no-keys = 백업에서 보관함을 복원하세요
err-damage-signing-key = 보관함이 손상되었습니다: 서명 키를 읽을 수 없습니다
rec-damage-signing-key = 백업에서 보관함을 복원하세요
err-damage-age-identity = 보관함이 손상되었습니다: 암호화 키를 읽을 수 없습니다
rec-damage-age-identity = 백업에서 보관함을 복원하세요
err-damage-stored-age-key = 보관함이 손상되었습니다: 저장된 { $label } 의 암호화 키를 읽을 수 없습니다
rec-damage-stored-age-key = 그 상대를 신뢰 목록에서 지우고 신뢰 카드를 다시 추가하세요
err-damage-trusted-fingerprint = 보관함이 손상되었습니다: 신뢰하는 상대의 지문을 읽을 수 없습니다
rec-damage-trusted-fingerprint = 백업에서 보관함을 복원하세요
err-damage-key-generation = 보관함의 키를 만들지 못했습니다
rec-damage-key-generation = 다시 시도하고, 또 그러면 기관의 기술 담당자에게 알리세요

## 암호화된 데이터베이스

err-store-wrong-key = 키로 데이터베이스를 열 수 없습니다
rec-store-wrong-key = 백업에서 보관함을 복원하세요
err-store-damaged = 데이터베이스 파일이 손상되었습니다
rec-store-damaged = 백업에서 보관함을 복원하세요
err-store-newer-schema = 더 새로운 fieldvault 가 쓴 보관함입니다(구조 { $found }, 이 프로그램은 { $known }까지 압니다)
rec-store-newer-schema = fieldvault 를 업데이트하세요
err-store-read-only = 데이터베이스가 읽기 전용이거나 읽기 전용 매체에 있습니다
rec-store-read-only = 보관함을 쓸 수 있는 폴더로 복사하세요
err-store-disk-full = 디스크가 가득 찼습니다
rec-store-disk-full = 공간을 비운 뒤 다시 시도하세요(아무것도 바뀌지 않았습니다)
err-store-busy = 다른 fieldvault 창이나 프로그램이 데이터베이스를 쓰고 있습니다
rec-store-busy = 그것을 닫고 다시 시도하세요
err-store-migration-references = 보관함 업그레이드({ $migration }단계)가 참조 { $broken }개를 끊게 됩니다
rec-store-migration-references = 보관함은 그대로 두었습니다. 백업을 보관하고 기관의 기술 담당자에게 알리세요
err-store-no-longer-draft = 그 판은 더 이상 초안이 아닙니다(그사이 봉인되었습니다)
rec-store-no-longer-draft = 다시 열어 상태를 확인하세요
err-store-cannot-create = { $path } 를 만들 수 없습니다
rec-store-cannot-create = 쓸 수 있는 폴더를 쓰세요
err-store-sqlite = 데이터베이스 오류
rec-store-sqlite = 아무것도 바뀌지 않았습니다. 다시 시도하고, 또 그러면 기관의 기술 담당자에게 알리세요

## 면담

err-interview-code-in-vault = { $file }: 코드 { $code } 는 이미 보관함에 있습니다
rec-interview-code-in-vault = 그 면담을 고치려면 초안은 `interview update`, 봉인된 것은 `interview revise` 를 쓰거나, 이 면담에 새 코드를 주세요
err-interview-code-taken = 코드 { $code } 는 이미 다른 면담의 코드입니다
rec-interview-code-taken = 다른 코드를 고르세요
err-interview-code-on-several-devices = 코드 { $code } 는 여러 기기의 면담 { $count }건이 씁니다({ $ids })
rec-interview-code-on-several-devices = 코드 대신 id 를 주세요(`hq review` 가 보여 줍니다)
err-interview-fixed = { $code } 의 { $revision }판은 { $state ->
    [sealed] 봉인됨
    [exported] 내보냄
    [delivered] 전달됨
   *[wiped] 삭제됨
  } 상태라 바꿀 수 없습니다
rec-interview-fixed = `interview revise { $code }` 로 이 판을 가리키는 새 판을 만드세요
err-interview-still-draft = { $code } 의 { $revision }판은 아직 초안입니다
rec-interview-still-draft = `interview update` 로 고치세요
err-interview-wiped-after-delivery = { $code } 는 전달된 뒤 이 노트북에서 삭제되었습니다
rec-interview-wiped-after-delivery = 이제 수정은 본부에서 합니다
err-interview-already-sealed = { $code } 의 { $revision }판은 이미 { $state ->
    [sealed] 봉인됨
    [exported] 내보냄
    [delivered] 전달됨
   *[wiped] 삭제됨
  } 상태입니다
rec-interview-already-sealed = 봉인할 것이 없습니다. 봉인된 판은 바뀌지 않습니다(`interview revise` 로 새 판을 만드세요)
err-interview-already-sealed-hash = { $code } 의 { $revision }판은 이미 { $state ->
    [sealed] 봉인됨
    [exported] 내보냄
    [delivered] 전달됨
   *[wiped] 삭제됨
  } 상태입니다(해시 { $hash })
rec-interview-already-sealed-hash = 봉인할 것이 없습니다. 봉인된 판은 바뀌지 않습니다(`interview revise` 로 새 판을 만드세요)
err-interview-form-too-large = 입력 양식이 { $mib } MiB 보다 커서 보관할 수 없습니다
rec-interview-form-too-large = 진술 내용을 줄이세요

## 찾을 수 없음

err-missing-interview = 코드나 id 가 { $selector } 인 면담이 없습니다
rec-missing-interview = `interview list` 가 모든 면담을 보여 줍니다
err-missing-several-interviews = { $selector } 에 맞는 면담이 여럿입니다
rec-missing-several-interviews = id 를 더 길게 주거나 코드를 주세요
err-missing-attachment = 면담에 { $selector } 첨부 파일이 없습니다
rec-missing-attachment = `attach list` 로 첨부 파일의 id 와 파일 이름을 보세요
err-missing-several-attachments = { $selector } 에 맞는 첨부 파일이 여럿입니다
rec-missing-several-attachments = id 를 더 길게 주세요(`attach list` 로 볼 수 있습니다)

## 첨부 파일

err-attachment-not-a-file = { $path } 는 일반 파일이 아닙니다(폴더, 링크, 파이프, 장치)
rec-attachment-not-a-file = 파일 자체를 첨부하세요. 아무것도 저장하지 않았습니다
err-attachment-changed = { $path } 가 읽는 동안 바뀌었습니다
rec-attachment-changed = 아무것도 남기지 않았습니다. 그 파일을 쓰는 프로그램(녹음기, 복사)이 끝난 뒤 다시 첨부하세요
err-attachment-no-recording-consent = { $code } 의 동의는 녹음을 허락하지 않으므로 음성을 첨부하지 않습니다
rec-attachment-no-recording-consent = 면담 대상자가 녹음에 동의했다면 먼저 면담의 동의(`recording: true`)를 고치세요. 동의하지 않았다면 녹음을 보관하지 마세요
err-attachment-interview-full = 면담의 첨부 파일이 { $limit } GiB 를 넘게 됩니다
rec-attachment-interview-full = 아무것도 저장하지 않았습니다. 녹음을 나누거나 후속 면담에 첨부하세요
err-review-unknown-value = { $value } 은(는) 알려진 { $what } 이(가) 아닙니다
rec-review-unknown-value = 다음 중 하나를 쓰세요: { $known }. 아무것도 바뀌지 않았습니다
err-review-bad-date = { $value } 은(는) 읽을 수 있는 날짜가 아닙니다 (EDTF: 2014, 2014-03, 2013/2019, 2014~)
rec-review-bad-date = 날짜를 연도, 월 또는 기간으로 쓰세요. 아무것도 바뀌지 않았습니다
err-review-no-such-incident = { $code } 에는 사건 { $number } 이(가) 없습니다 (사건 { $count }개)
rec-review-no-such-incident = `review show { $code }` 에 나오는 대로 사건 번호를 1부터 세세요. 아무것도 바뀌지 않았습니다
err-review-no-reviewer = 주석에 검토자가 없습니다
rec-review-no-reviewer = `--reviewer` 에 이름이나 머리글자를 쓰세요(또는 `FIELDVAULT_REVIEWER` 설정). 아무것도 바뀌지 않았습니다
err-review-nothing = 주석에 기록할 내용이 없습니다
rec-review-nothing = `--status`, `--tag`, `--untag` 또는 `--note` 를 주세요
err-publish-no-consent = { $audience } 에게 공유하도록 동의한 면담 대상자가 없습니다
rec-publish-no-consent = 동의(`consent.share_with`: `un`, `courts`, `researchers`, `public`)에 있는 대상을 고르세요. 아무것도 쓰지 않았습니다
err-publish-out-of-range = { $code } 의 발췌 { $start }–{ $end } 이(가) 진술 범위({ $length }자)를 벗어납니다
rec-publish-out-of-range = 문자는 0부터 세고 끝은 포함하지 않으며, 끝이 진술 안에 있어야 합니다. 아무것도 쓰지 않았습니다
err-publish-revision-changed = { $code } 의 발췌는 개정판 { $chosen }… 에서 골랐지만 최신 개정판은 { $current }… 입니다
rec-publish-revision-changed = 진술이 바뀌었을 수 있습니다. 최신 개정판에서 발췌를 다시 고르세요. 아무것도 쓰지 않았습니다
err-consent-nothing = 동의 변경에 바꿀 내용이 없습니다
rec-consent-nothing = `--withdraw`, `--quote` 또는 `--share-with` 를 주세요. 아무것도 기록하지 않았습니다
err-consent-widening = { $code }: 동의 변경은 좁히기만 할 수 있는데 { $what } 은(는) 넓힙니다
rec-consent-widening = 면담 대상자가 이제 더 허락한다면 새 개정판에서 면담의 동의를 고치세요. 아무것도 기록하지 않았습니다
err-attachment-vault-full = 보관함의 첨부 파일이 { $limit } GiB 를 넘게 됩니다
rec-attachment-vault-full = 아무것도 저장하지 않았습니다. 면담을 전달하고 지워서 공간을 만드세요
err-attachment-damaged = 첨부 파일 { $name } 을 저장한 그대로 읽을 수 없습니다
rec-attachment-damaged = 보관함 폴더의 사본이 바뀌었거나 손상되었습니다. 거기서 아무것도 쓰지 않았습니다. 보관함을 그대로 두고 기술 담당자에게 알리세요
err-missing-party = { $selector } 에 맞는 신뢰 상대가 없습니다
rec-missing-party = `trust list` 가 보여 줍니다
err-missing-several-parties = { $selector } 에 맞는 상대가 여럿입니다
rec-missing-several-parties = 지문을 더 길게 주세요
err-missing-setting = { $key } 라는 설정은 없습니다
rec-missing-setting = 설정 목록은 docs/desktop-app.md 에 있습니다
err-missing-receipt = { $dir } 에 이 노트북의 수령증이 없습니다
rec-missing-receipt = 본부가 번들을 가져올 때 수령증을 USB에 씁니다

## 신뢰 카드

err-invalid-card = 신뢰 카드: { $cause }
rec-invalid-card = { $cause_todo }
err-card-too-long = 신뢰 카드라기엔 너무 깁니다({ $bytes }바이트)
rec-card-too-long = 올바른 파일인지 확인하세요
err-card-line = { $line }번째 줄을 읽을 수 없습니다
rec-card-line = 카드 주인에게 카드를 다시 받으세요
err-card-bad-signature = 신뢰 카드의 서명이 맞지 않습니다. 만든 뒤 바뀌었거나 위조된 카드입니다
rec-card-bad-signature = 카드 주인에게 직접 만나 카드를 다시 받으세요
err-card-cannot-make = 신뢰 카드를 만들 수 없습니다
rec-card-cannot-make = 기관의 기술 담당자에게 알리세요
err-trust-wrong-role = 신뢰 카드: { $card ->
    [field] 현장 노트북
   *[headquarters] 본부
  } 카드입니다. { $vault ->
    [field] 현장 노트북 보관함은 본부 카드만 신뢰합니다
   *[headquarters] 본부 보관함은 현장 노트북 카드만 신뢰합니다
  }
rec-trust-wrong-role = { $vault ->
    [field] 본부에 본부의 카드를 요청하세요
   *[headquarters] 현장 노트북의 카드를 받으세요
  }
err-trust-own-card = 신뢰 카드: 이 보관함 자신의 카드입니다
rec-trust-own-card = 이 카드가 아니라 상대방의 카드를 추가하세요
err-trust-number-mismatch = 신뢰 카드: 전달받은 지문이 이 카드의 지문({ $number })과 다릅니다
rec-trust-number-mismatch = 이 카드를 신뢰하지 마세요. 오는 도중 바뀌었을 수 있습니다. 직접 만나거나 믿을 수 있는 통화로 다시 비교하세요
err-trust-recipient-changed = { $label } 은(는) 이미 다른 암호화 키로 신뢰하고 있습니다(이전 { $old }, 새 키 { $new })
rec-trust-recipient-changed = 지금부터 내보내는 모든 것이 새 키로 갑니다. 상대방이 키를 바꿨다고 확인하면 카드를 다시 추가하고 새 키를 받아들이세요(CLI: --accept-new-recipient)
err-trust-already-removed = { $label } 은(는) 이미 신뢰 목록에서 지웠습니다
rec-trust-already-removed = 할 일이 없습니다. `trust list` 가 신뢰 목록을 보여 줍니다
err-trust-bad-label = 신뢰 카드: 이름은 한 줄에 1~100자여야 합니다
rec-trust-bad-label = "서울 본부", "노트북 3" 처럼 짧은 이름을 주세요

## 번들과 수령증

err-in-file = { $file }: { $cause }
rec-in-file = { $cause_todo }
err-bundle-not-for-us = 이 { $doc ->
    [bundle] 번들은 이 보관함의 키로
   *[receipt] 수령증은 이 기기의 키로
  } 암호화되지 않았습니다. { $doc ->
    [bundle] 다른 본부용이거나, 현장 노트북용 수령증입니다
   *[receipt] 다른 기기용이거나, 본부용 번들입니다
  }
rec-bundle-not-for-us = 아무것도 바뀌지 않았습니다. { $doc ->
    [bundle] 그 번들을 받을 본부에 주세요
   *[receipt] 그 수령증을 받을 노트북에 주세요
  }
err-bundle-receipt-for-another-device = 다른 기기(기기 { $device })의 수령증입니다. 이 노트북의 면담은 포함하지 않습니다
rec-bundle-receipt-for-another-device = 아무것도 바뀌지 않았습니다. 그 기기에 주세요
err-bundle-not-a-document = fieldvault { $doc ->
    [bundle] 번들이
   *[receipt] 수령증이
  } 아닙니다
rec-bundle-not-a-document = 올바른 파일인지 확인하세요
err-bundle-damaged = { $doc ->
    [bundle] 번들이
   *[receipt] 수령증이
  } 손상되었거나 불완전합니다(USB를 뽑을 때 잘렸을 수 있습니다)
rec-bundle-damaged = 다시 보내 달라고 하세요
err-bundle-bad-signature = { $doc ->
    [bundle] 번들의
   *[receipt] 수령증의
  } 서명이 맞지 않습니다. 서명 뒤에 바뀌었거나 위조되었습니다
rec-bundle-bad-signature = 쓰지 말고 다시 보내 달라고 하세요
err-bundle-tampered = { $doc ->
    [bundle] 번들이
   *[receipt] 수령증이
  } 서명된 내용과 다릅니다. 서명 뒤에 바뀌었거나 위조되었습니다
rec-bundle-tampered = 쓰지 말고 다시 보내 달라고 하세요
err-bundle-unknown-signer = { $doc ->
    [bundle] 번들은
   *[receipt] 수령증은
  } 여기서 신뢰하지 않는 키({ $fingerprint })로 서명되었습니다
rec-bundle-unknown-signer = 이 지문을 보낸 쪽의 신뢰 카드와 비교하고, 진짜라면 먼저 그 키를 등록하세요
err-bundle-newer-format = 더 새로운 fieldvault 가 만든 { $doc ->
    [bundle] 번들입니다
   *[receipt] 수령증입니다
  }(형식 { $found })
rec-bundle-newer-format = fieldvault 를 업데이트하세요
err-bundle-hostile = fieldvault 가 만드는 방식과 다르게 만들어져 { $doc ->
    [bundle] 번들을
   *[receipt] 수령증을
  } 거부했습니다
rec-bundle-hostile = 이 컴퓨터를 공격하려고 만든 파일일 수 있습니다. 다른 도구로 열지 말고 보고하세요
err-bundle-invalid-input = { $doc ->
    [bundle] 번들을
   *[receipt] 수령증을
  } 쓸 수 없습니다
rec-bundle-invalid-input = 기관의 기술 담당자에게 알리세요
err-bundle-io = { $doc ->
    [bundle] 번들을
   *[receipt] 수령증을
  } 읽거나 쓸 수 없습니다
rec-bundle-io = USB를 확인하고 다시 시도하세요
err-passed-over-receipt = 번들이 아니라 현장 노트북용 수령증입니다(`receipt import`)
rec-passed-over-receipt = 현장 노트북에 주세요
err-passed-over-partial = 끝나지 않은 내보내기입니다
rec-passed-over-partial = 노트북에서 다시 내보내세요
err-passed-over-hidden = 번들이 아닌 숨김 파일입니다
rec-passed-over-hidden = 할 일이 없습니다
err-passed-over-own-receipt = 이 본부가 현장 노트북에 써 준 수령증입니다
rec-passed-over-own-receipt = USB를 현장 노트북에 돌려주세요

## 본부의 가져오기 검사

err-import-removed-device = 등록에서 제외된 기기 { $device }({ $label })가 서명한 번들이라 거부했습니다(제외한 날 { $removed_on })
rec-import-removed-device = 아무것도 가져오지 않았습니다. 그 기기가 다시 보내야 한다면 신뢰 카드를 다시 등록하세요
err-import-invalid-interview = 번들에 올바르지 않은 면담이 있습니다: { $file }: { $cause }
rec-import-invalid-interview = 아무것도 가져오지 않았습니다. 기기 주인에게 이 번들을 어떻게 만들었는지 물어보세요
err-import-not-one-interview = { $file } 에는 면담이 정확히 하나 있어야 합니다
rec-import-not-one-interview = 아무것도 가져오지 않았습니다. 번들이 잘못 만들어졌습니다
err-import-code-mismatch = { $file }: 목록에는 코드 "{ $manifest_code }", 파일에는 "{ $file_code }" 로 되어 있습니다
rec-import-code-mismatch = 아무것도 가져오지 않았습니다. 번들이 잘못 만들어졌습니다
err-import-previous-claim = { $file }: { $revision }판이 { $revision ->
    [1] 이전 판을 가리킵니다
   *[other] 이전 판을 가리키지 않습니다
  }
rec-import-previous-claim = 아무것도 가져오지 않았습니다. 번들이 잘못 만들어졌습니다
err-import-hash-mismatch = { $file }: 판의 해시가 내용과 맞지 않습니다
rec-import-hash-mismatch = 아무것도 가져오지 않았습니다. 번들이 잘못 만들어졌거나 서명 전에 바뀌었습니다
err-import-foreign-revision = { $sender } 가 면담 { $interview }(코드 "{ $code }")의 { $revision }판을 보냈지만, 이 면담은 { $owner } 의 것입니다. 면담을 기록한 기기만 고칠 수 있습니다
rec-import-foreign-revision = 번들 전체를 거부했고 아무것도 가져오지 않았습니다. `hq review` 에 기록되어 있습니다
err-import-forked = { $sender } 가 면담 { $interview }(코드 "{ $code }")의 { $revision }판을 보냈지만, 그 앞 판({ $previous }판)이 본부가 가진 것과 다릅니다
rec-import-forked = 봉인된 판은 바뀌지 않으므로 번들 전체를 거부했고 아무것도 가져오지 않았습니다(기기 주인에게 이 번들을 어떻게 만들었는지 물어보세요)
err-import-already-different = 본부에는 이미 내용이 다른 { $code } 의 { $revision }판이 있습니다
rec-import-already-different = 봉인된 판은 바뀌지 않으므로 이 번들을 거부했고 아무것도 가져오지 않았습니다(기기 주인에게 이 번들을 어떻게 만들었는지 물어보세요)
err-import-held-invalid = 보류 중인 판이 더 이상 검사를 통과하지 못합니다: { $cause }
rec-import-held-invalid = 계속 보류합니다. 기관의 기술 담당자에게 알리세요
err-import-not-enrolled = 그 기기는 더 이상 등록되어 있지 않습니다
rec-import-not-enrolled = 수령증을 쓰려면 기기의 신뢰 카드를 다시 등록하세요
err-import-bad-recipient = 저장된 기기의 암호화 키를 읽을 수 없습니다
rec-import-bad-recipient = 기기를 지우고 신뢰 카드를 다시 등록하세요
err-import-io = { $path } 를 읽을 수 없습니다
rec-import-io = USB를 확인하고 다시 가져오세요

## 조각으로 나뉜 번들 (FAT32 USB를 위해 조각 크기보다 큰 번들을 나눔)

err-parts-missing = { $name } 의 조각 { $count }개 중 { $part }번째 조각이 없습니다
rec-parts-missing = USB에서 번들의 모든 조각을 복사한 뒤 다시 가져오세요
err-parts-extra = { $file } 은(는) { $name } 의 조각 { $count }개에 속하지 않습니다(번호가 조각 수보다 큽니다)
rec-parts-extra = 번들의 다른 사본에서 온 조각입니다. 치우고 USB에서 모든 조각을 다시 복사한 뒤 다시 가져오세요
err-parts-mixed = { $name } 의 조각들이 두 번의 내보내기에서 왔습니다(일부는 조각 { $first }개, 일부는 { $second }개라고 합니다)
rec-parts-mixed = 한 번의 내보내기 조각만 두세요. USB에서 모든 조각을 다시 복사한 뒤 다시 가져오세요
err-parts-wrong-size = { $which ->
    [empty] { $name } 의 마지막 조각({ $count }개 중 { $part }번째)이 비어 있습니다
    [last] { $name } 의 마지막 조각({ $count }개 중 { $part }번째)이 { $size }바이트로, 앞 조각들의 { $expected }바이트보다 큽니다
   *[other] { $name } 의 조각 { $count }개 중 { $part }번째가 { $size }바이트이지만, 마지막 앞의 조각은 모두 { $expected }바이트입니다
  }. 잘렸거나, 바뀌었거나, 이름이 바뀌었거나, 순서가 뒤섞였습니다
rec-parts-wrong-size = 내보내기가 준 이름 그대로 USB에서 모든 조각을 다시 복사한 뒤 다시 가져오세요
err-parts-do-not-join = { $name } 의 조각 { $count }개를 이어도 온전한 번들이 되지 않습니다({ $cause })
rec-parts-do-not-join = 조각이 손상되었거나, 이름이 바뀌었거나, 다른 번들의 것일 수 있습니다. USB에서 모든 조각을 다시 복사하거나 번들을 다시 보내 달라고 하세요
err-part-size-not-a-size = { $text } 은(는) 조각 크기가 아닙니다
rec-part-size-not-a-size = `4GiB`, `100MiB`, `64KiB` 처럼 단위를 붙인 바이트 수를 주세요
err-part-size-too-small = 조각 크기 { $bytes }바이트는 너무 작습니다
rec-part-size-too-small = { $min }바이트(64KiB) 이상을 쓰세요. 기본값인 4 GiB에서 1바이트 모자란 크기가 `FAT32` USB에 들어가는 가장 큰 파일입니다

## 노트북의 수령증

err-receipt-for-another-device = 다른 기기의 수령증입니다
rec-receipt-for-another-device = 전달됨으로 표시한 것은 없습니다. 그 기기에 주세요
err-receipt-unknown-bundle = 이 노트북이 내보낸 적 없는 번들의 수령증입니다
rec-receipt-unknown-bundle = 전달됨으로 표시한 것은 없습니다. 다른 노트북의 것일 수 있습니다
err-receipt-sequence-mismatch = 수령증의 순번이 그 번들과 맞지 않습니다
rec-receipt-sequence-mismatch = 전달됨으로 표시한 것은 없습니다. 본부에 수령증을 다시 요청하세요
err-receipt-not-in-bundle = 수령증이 { $code } 의 { $revision }판을 가리키지만 그 판은 그 번들에 없었습니다. 재사용되었거나 위조되었을 수 있습니다
rec-receipt-not-in-bundle = 전달됨으로 표시한 것은 없습니다. 본부에 수령증을 다시 요청하세요
err-receipt-not-in-vault = { $code } 의 { $revision }판은 이 보관함에 없습니다
rec-receipt-not-in-vault = 전달됨으로 표시한 것은 없습니다. 본부에 수령증을 다시 요청하세요

## 내보내기

err-export-no-headquarters = 아직 신뢰하는 본부가 없어 아무도 번들을 열 수 없습니다
rec-export-no-headquarters = 본부의 신뢰 카드를 받아 추가하세요(`trust add CARD`)
err-export-nothing-sealed = 내보낼 것이 없습니다. 전달을 기다리는 봉인된 면담이 없습니다
rec-export-nothing-sealed = 초안을 봉인하세요(`interview seal`)
err-export-all-left-out = 내보낼 것이 없습니다. 전달을 기다리는 면담을 모두 뺐습니다
rec-export-all-left-out = 빼는 면담을 줄이세요
err-export-changed-meanwhile = 내보내는 동안 면담이 바뀌었습니다
rec-export-changed-meanwhile = 내보냄으로 표시한 것은 없습니다. 다시 내보내세요
err-export-read-back = { $path } 를 다시 읽어 보니 쓴 것과 다릅니다. 매체가 고장 나고 있을 수 있습니다
rec-export-read-back = 그 파일은 지웠고 내보냄으로 표시한 것은 없습니다. 다른 USB를 쓰세요

## 삭제

err-wipe-not-found = { $path } 가 없어 삭제할 것이 없습니다
rec-wipe-not-found = 이미 삭제되었을 수 있습니다
err-wipe-not-a-file = { $path } 는 일반 파일이 아니라 { $kind ->
    [folder] 폴더입니다
    [device] 장치입니다
    [pipe] 파이프입니다
    [socket] 소켓입니다
   *[other] 다른 종류입니다
  }
rec-wipe-not-a-file = 일반 파일만 삭제할 수 있어 아무것도 하지 않았습니다
err-wipe-not-a-folder = { $path } 는 폴더가 아닙니다
rec-wipe-not-a-folder = 보관함 폴더를 주세요
err-wipe-symlink = { $path } 는 심볼릭 링크입니다. 삭제할 때 링크는 따라가지 않으므로 아무것도 하지 않았습니다
rec-wipe-symlink = 링크가 가리키는 파일을 실제 경로로 삭제하세요
err-wipe-hard-linked = { $path } 에는 이름이 { $links }개(하드 링크) 있습니다. 덮어쓰면 다른 이름으로 보이는 자료까지 지워지므로 아무것도 하지 않았습니다
rec-wipe-hard-linked = 다른 이름들을 지운 뒤 다시 삭제하세요
err-wipe-read-only = 매체가 읽기 전용이라 아무것도 삭제하지 않았습니다({ $path } 는 그대로입니다)
rec-wipe-read-only = USB의 잠금 스위치 등으로 쓸 수 있게 한 뒤 다시 삭제하세요
err-wipe-not-writable = { $path } 에 쓸 권한이 없어 아무것도 삭제하지 않았습니다
rec-wipe-not-writable = 파일 주인 계정으로 fieldvault 를 실행해 다시 삭제하세요
err-wipe-interrupted = { $path } 삭제가 멈췄습니다. { $percent }% 덮어썼고, { $state ->
    [overwriting] 파일은 옛 내용 일부와 함께 아직 있습니다
    [truncating] 파일은 덮어썼지만 이름 그대로 아직 있습니다
    [renaming] 파일은 덮어쓰고 비웠지만 이름 그대로 아직 있습니다
   *[unlinking] 파일은 덮어쓰고 비웠습니다. 무작위 이름의 빈 파일이 남았을 수 있습니다
  }. 지금 위치: { $now_at }
rec-wipe-interrupted = USB를 다시 꽂거나 문제를 고친 뒤 다시 삭제하세요
err-wipe-io = { $path } 를 { $action ->
    [open] 열 수 없어
    [replaced] 삭제할 수 없어(여는 도중 바뀌었습니다)
   *[read] 읽을 수 없어
  } 아무것도 삭제하지 않았습니다
rec-wipe-io = 파일을 확인하고 다시 삭제하세요
err-wipe-not-covered = { $path }: { $cause }
rec-wipe-not-covered = 아무것도 삭제하지 않았습니다(그래도 지우려면 --force 를 더하세요)
err-not-covered-not-ours = 이 노트북이 내보낸 번들이 아닙니다
rec-not-covered-not-ours = 아무것도 삭제하지 않았습니다
err-not-covered-changed = { $sequence }번 번들의 이름이지만 내용이 다릅니다(바뀌었거나 손상됨)
rec-not-covered-changed = 아무것도 삭제하지 않았습니다
err-not-covered-no-receipt = { $sequence }번 번들은 아직 본부 수령증이 없습니다. 그 증언들의 유일한 사본일 수 있습니다
rec-not-covered-no-receipt = 먼저 본부의 수령증을 가져오세요
err-wipe-not-delivered = { $code } 는 { $state ->
    [absent] 이 보관함에 없습니다
    [draft] 초안입니다
    [sealed] 봉인됨 상태입니다
    [exported] 내보냄 상태입니다
   *[other] 전달되지 않았습니다
  }. 본부 수령증이 없으므로 삭제하지 않았습니다
rec-wipe-not-delivered = 아무것도 삭제하지 않았습니다. 먼저 본부의 수령증을 가져오세요
err-wipe-not-a-bundle-file = { $path } 는 일반 파일이 아닙니다(폴더나 링크)
rec-wipe-not-a-bundle-file = 이 방법으로는 번들 파일만 삭제합니다

## 파일과 폴더

err-io-failed = { $path }: { $action ->
    [create-vault-folder] 보관함 폴더를 만들 수 없습니다
    [protect-database] 파일 권한을 잠글 수 없습니다
    [read-folder] 폴더를 읽을 수 없습니다
    [read-vault-header] 보관함 머리 파일을 읽을 수 없습니다
    [write-vault-header] 보관함 머리 파일을 쓸 수 없습니다
    [write-key-file] 키 파일을 쓸 수 없습니다
    [write-trust-card] 신뢰 카드를 쓸 수 없습니다
    [write-receipt] 수령증을 쓸 수 없습니다
    [keep-in-transit] 전송 중인 파일을 보관할 수 없습니다
    [create-bundle] 번들 파일을 만들 수 없습니다
    [write-bundle] 번들을 쓸 수 없습니다
    [name-bundle] 번들에 이름을 붙일 수 없습니다
    [read-back-bundle] 번들을 다시 읽을 수 없습니다
    [store-attachment] 첨부 파일을 보관함에 저장할 수 없습니다
    [export-attachment] 첨부 파일의 사본을 쓸 수 없습니다
    [export-analysis] 내보낼 파일을 쓸 수 없습니다
   *[read] 읽을 수 없습니다
  } ({ $why ->
    [missing] 없습니다. USB가 빠졌을 수 있습니다
    [permission] 권한이 없습니다
    [read-only] 읽기 전용 매체입니다
    [full] 공간이 가득 찼습니다
    [exists] 같은 이름의 파일이 이미 있습니다
   *[other] 입출력 오류
  })
rec-io-failed = { $action ->
    [write-receipt] 번들 자체는 가져왔고 안전합니다. { $why ->
        [full] USB 공간을 비운 뒤 같은 가져오기를 다시 하면 수령증을 씁니다
        [read-only] USB를 쓸 수 있게 한 뒤 같은 가져오기를 다시 하면 수령증을 씁니다
       *[other] 문제를 고친 뒤 같은 가져오기를 다시 하면 수령증을 씁니다
      }
    [create-bundle] 내보냄으로 표시한 것은 없습니다. { $why ->
        [missing] USB를 꽂고 다시 내보내세요
        [permission] 쓸 수 있는 폴더를 고르세요
        [read-only] 쓸 수 있는 USB를 쓰세요
        [full] USB 공간을 비우거나 다른 USB를 쓴 뒤 다시 내보내세요
       *[other] 매체가 고장 났거나 빠졌을 수 있습니다. 확인한 뒤 다시 내보내세요
      }
    [write-bundle] 내보냄으로 표시한 것은 없습니다. { $why ->
        [missing] USB를 꽂고 다시 내보내세요
        [permission] 쓸 수 있는 폴더를 고르세요
        [read-only] 쓸 수 있는 USB를 쓰세요
        [full] USB 공간을 비우거나 다른 USB를 쓴 뒤 다시 내보내세요
       *[other] 매체가 고장 났거나 빠졌을 수 있습니다. 확인한 뒤 다시 내보내세요
      }
    [name-bundle] 내보냄으로 표시한 것은 없습니다. { $why ->
        [missing] USB를 꽂고 다시 내보내세요
        [full] USB 공간을 비우거나 다른 USB를 쓴 뒤 다시 내보내세요
       *[other] USB를 확인한 뒤 다시 내보내세요
      }
    [read-back-bundle] 내보냄으로 표시한 것은 없습니다. { $why ->
        [missing] USB를 꽂고 다시 내보내세요
       *[other] 매체가 고장 나고 있을 수 있습니다. 다른 USB를 쓰세요
      }
   *[other] { $why ->
        [missing] 경로를 확인하고 다시 시도하세요
        [permission] 쓸 수 있는 폴더를 쓰세요
        [read-only] 쓸 수 있는 폴더를 쓰세요
        [full] 공간을 비운 뒤 다시 시도하세요
        [exists] 빈 폴더를 고르거나 먼저 있던 파일을 옮기세요. 아무것도 덮어쓰지 않습니다
       *[other] 폴더를 확인하고 다시 시도하세요
      }
  }

## 면담 파일(문제마다 위치를 붙입니다: incidents[2].when, tags[0])

err-validation-at = { $path }: { $cause }
rec-validation-at = { $cause_todo }
err-validation-and-more = { $cause } (외 { $more }건)
rec-validation-and-more = { $cause_todo }
err-validation-none = 오류 없음
rec-validation-none = 할 일이 없습니다
err-edtf-not-a-date = { $value } 는 날짜가 아닙니다({ $why ->
    [empty] 비어 있습니다
    [range] 월, 일 또는 계절이 범위를 벗어났습니다
    [backwards] 기간의 끝이 시작보다 앞섭니다
   *[syntax] EDTF 날짜 형식이 아닙니다
  })
rec-edtf-not-a-date = 2008, 2008-11, 2008-11-03, 2014~, 2012?, 201X, 2015/2017, 2015/.. 같은 EDTF 로 쓰세요
err-edtf-not-a-year = { $value } 는 연도가 아닙니다(연도는 1991, 1991~, 1991?, 199X 처럼 씁니다)
rec-edtf-not-a-year = 연도만 EDTF 로 쓰세요
err-problem-not-an-interview = 면담 객체가 있어야 하는데 { $found ->
    [null] null 이
    [boolean] 참/거짓 값이
    [number] 숫자가
    [string] 문자열이
   *[list] 목록이
  } 있습니다
rec-problem-not-an-interview = 면담 객체 하나나 그 목록을 주세요(docs/interview-format.md)
err-problem-file-too-large = 파일이 너무 큽니다: { $bytes }바이트, 한도는 { $limit }바이트{ $unit ->
    [none] {""}
   *[other] ({ $unit })
  }
rec-problem-file-too-large = 여러 파일로 나누세요
err-problem-not-json = 올바른 JSON 파일이 아닙니다
rec-problem-not-json = 텍스트 편집기로 그 줄 근처를 확인하세요
err-problem-shape = 항목의 형식이 맞지 않습니다(빠진 항목이 있거나 값의 종류가 다릅니다)
rec-problem-shape = 항목과 값의 종류는 docs/interview-format.md 를 보세요
err-problem-unknown-field = 알 수 없는 항목입니다
rec-problem-unknown-field = 철자를 확인하세요(docs/interview-format.md 에 항목 목록이 있습니다)
err-problem-unknown-field-allowed = 알 수 없는 항목입니다(여기서 쓸 수 있는 항목: { $allowed })
rec-problem-unknown-field-allowed = 철자를 확인하세요
err-problem-empty-list = 목록이 비어 있습니다. 면담이 하나 이상 있어야 합니다
rec-problem-empty-list = 추가할 것이 없습니다
err-problem-too-many-interviews = 면담이 너무 많습니다: { $count }건, 한 파일의 한도는 { $limit }건입니다
rec-problem-too-many-interviews = 여러 파일로 나누세요
err-problem-not-one-interview = 면담이 { $count }건 들어 있습니다
rec-problem-not-one-interview = 정확히 하나만 주세요
err-problem-duplicate-code = { $code } 는 [{ $first }] 에서도 씁니다
rec-problem-duplicate-code = 면담마다 다른 코드가 필요합니다
err-problem-code-twice-in-import = { $code } 가 이번 가져오기에 두 번 나옵니다({ $first } 에도 있음)
rec-problem-code-twice-in-import = 면담마다 다른 코드가 필요합니다
err-problem-nul = 텍스트에 쓸 수 없는 NUL 문자가 들어 있습니다
rec-problem-nul = 그 문자를 지우세요
err-problem-invalid-code = { $value } 는 올바른 코드가 아닙니다
rec-problem-invalid-code = 영문자나 숫자로 시작하는 1~64자의 영문자, 숫자, '.', '_', '-' 를 쓰세요. 실명은 절대 쓰지 마세요
err-problem-not-a-country = { $value } 는 국가 코드가 아닙니다
rec-problem-not-a-country = ISO 3166-1 두 글자 대문자 코드를 쓰세요(예: KP, CN, KR)
err-problem-not-a-language = { $value } 는 언어 태그가 아닙니다
rec-problem-not-a-language = BCP 47 태그를 쓰세요(예: `ko`, `en`, `ko-KR`)
err-problem-not-in-vocabulary = { $value } 는 { $kind ->
    [incident_kind] 사건 종류가
    [facility_type] 시설 유형이
    [perpetrator_kind] 가해자 유형이
    [quote] 인용 수준이
   *[source] 정보 출처 유형이
  } 아닙니다(용어 목록을 보세요)
rec-problem-not-in-vocabulary = 용어 목록에 있는 말을 쓰세요
err-problem-not-in-vocabulary-suggest = { $value } 는 { $kind ->
    [incident_kind] 사건 종류가
    [facility_type] 시설 유형이
    [perpetrator_kind] 가해자 유형이
    [quote] 인용 수준이
   *[source] 정보 출처 유형이
  } 아닙니다(용어 목록을 보세요. { $suggestion } 를 말씀하신 건가요?)
rec-problem-not-in-vocabulary-suggest = 용어 목록에 있는 말을 쓰세요
err-problem-too-long-bytes = 너무 깁니다: { $bytes }바이트, 한도는 { $limit }바이트{ $unit ->
    [none] {""}
   *[other] ({ $unit })
  }
rec-problem-too-long-bytes = 줄이세요
err-problem-too-long-chars = 너무 깁니다: { $chars }자, 한도는 { $limit }자
rec-problem-too-long-chars = 줄이세요
err-problem-too-many = { $what ->
    [entries] 항목이
    [incidents] 사건이
    [children] 자녀가
    [tags] 태그가
    [perpetrators] 가해자가
   *[victims] 피해자가
  } 너무 많습니다: { $count }개, 한도는 { $limit }개
rec-problem-too-many = 몇 개를 지우세요
err-problem-empty = 비어 있습니다
rec-problem-empty = 채우거나 지우세요

## 중계함(`sync`)

err-relay-unknown-key = 중계함이 이 키를 모릅니다
rec-relay-unknown-key = 중계함 운영자에게 이 보관함의 신뢰 카드를 주거나(`--trust`), 이 노트북이 아직 등록되어 있는지 확인하세요
err-relay-bad-signature = 중계함이 요청의 서명을 확인하지 못했습니다. 오는 도중 바뀌었거나 위조되었습니다
rec-relay-bad-signature = 아무것도 저장하지 않았습니다. 다시 시도하고, 또 그러면 연결이 안전하지 않으니 멈추고 본부에 알리세요
err-relay-stale = 요청 시각이 중계함의 시계와 { $skew }초 차이 납니다
rec-relay-stale = 이 컴퓨터의 날짜, 시각, 시간대를 맞춘 뒤 다시 시도하세요
err-relay-replayed = 중계함이 이미 받은 요청입니다
rec-relay-replayed = 아무것도 바뀌지 않았습니다. `sync` 를 다시 하세요(요청마다 새로 서명합니다)
err-relay-malformed = 요청의 서명 정보가 없거나 형식이 맞지 않습니다
rec-relay-malformed = 양쪽 모두 fieldvault 의 `sync` 를 쓰세요
err-relay-not-allowed = 이 키로는 중계함에서 그 일을 할 수 없습니다
rec-relay-not-allowed = 현장 노트북은 자기 우편함만 읽고 씁니다. 가져오기와 확인은 본부가 합니다
err-sync-unreachable = 중계함에 연결할 수 없습니다
rec-sync-unreachable = 주소와 네트워크를 확인하고 다시 `sync` 하세요(잃은 것은 없습니다)
err-sync-pin-mismatch = 중계함이 고정해 둔 인증서와 다른 인증서를 보냈습니다. 기관의 중계함이 아닐 수 있습니다
rec-sync-pin-mismatch = 아무것도 보내지 않았습니다. 믿을 수 있는 방법으로 본부와 고정값(`--pin`)을 확인하세요
err-sync-status = 중계함이 오류로 답했습니다(HTTP { $status })
rec-sync-status = 전달됨으로 표시한 것은 없습니다. 나중에 다시 `sync` 하고, 계속되면 중계함 운영자에게 알리세요
err-sync-garbled = 중계함이 요청과 다른 것을 보냈습니다
rec-sync-garbled = 아무것도 바뀌지 않았습니다. 다시 `sync` 하세요
err-sync-too-large = 묶음이 중계함이 받는 크기보다 큽니다
rec-sync-too-large = 잃은 것은 없습니다. 묶음은 금고에 남아 있습니다. 중계함 운영자에게 한도(`--max-mib`)를 올려 달라고 하거나 USB로 옮기세요
err-sync-store-full = 중계함이 아무것도 저장할 수 없습니다. 저장 공간이 가득 찼거나 멈춰 있습니다
rec-sync-store-full = 잃은 것은 없습니다. 묶음은 금고에 남아 있습니다. 중계함 운영자에게 알린 뒤 다시 `sync` 하세요
err-sync-cancelled = 동기화를 멈췄습니다
rec-sync-cancelled = 이미 보내거나 받은 것은 그대로이고 다른 것은 바뀌지 않았습니다. 마치려면 다시 동기화하세요
err-sync-bad-proxy = { $address } 는 `socks5h://호스트:포트` 형식의 `SOCKS5` 프록시 주소가 아닙니다
rec-sync-bad-proxy = 프록시를 `socks5h://127.0.0.1:9050`(Tor의 보통 주소)처럼 쓰세요. `socks5h` 는 프록시가 중계함 이름을 찾게 하여 이름이 현지 네트워크에 새지 않습니다
